/** WeChat shows its own loading state while a page opens: nothing to add (see the .h5 file). */
export function installNavigationFeedback(): void {}
