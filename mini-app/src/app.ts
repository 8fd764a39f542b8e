import type { PropsWithChildren } from 'react'
import { installKeyboardActivation } from './components/keyboard'
import { installNavigationFeedback } from './components/navigation-feedback'
import './app.css'
import { installPrivacyHandler } from './wechat/privacy'

installPrivacyHandler()

// Enter and Space press hand-made controls on H5 (nothing to do in WeChat).
installKeyboardActivation()
// A page that is still loading says so at once (H5; WeChat shows its own).
installNavigationFeedback()

function App({ children }: PropsWithChildren) {
  return children
}

export default App
