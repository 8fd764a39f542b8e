/** WeChat has no keyboard focus for views: nothing to install (keyboard.h5.ts is the H5 side). */
export function installKeyboardActivation(): void {}
