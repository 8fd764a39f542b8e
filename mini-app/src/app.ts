import type { PropsWithChildren } from 'react'
import { installKeyboardActivation } from './components/keyboard'
import './app.css'

// Enter and Space press hand-made controls on H5 (nothing to do in WeChat).
installKeyboardActivation()

function App({ children }: PropsWithChildren) {
  return children
}

export default App
