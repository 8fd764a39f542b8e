/**
 * H5: WeChat's privacy popup (privacy.tsx) exists only inside WeChat; a browser asks for the
 * camera or album itself. Kept apart so its dialog code (Taro's modal) is not part of every
 * H5 page's first scripts.
 */
export function installPrivacyHandler() {}

export function PrivacyPopup() {
  return null
}
