import type { PropsWithChildren } from 'react'
import './app.css'
import { installPrivacyHandler } from './wechat/privacy'

installPrivacyHandler()

function App({ children }: PropsWithChildren) {
  return children
}

export default App
