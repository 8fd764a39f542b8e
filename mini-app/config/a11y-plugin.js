/**
 * Lets WeChat see the accessibility attributes the shared components set (components/a11y.ts).
 * Taro's weapp templates render only the attributes it knows for each component, so `aria-role`,
 * `aria-label` and the state attributes were silently dropped and WeChat's screen reader heard
 * unnamed, role-less views. WeChat reads these aria-* attributes on view and text.
 */
const attributes = ['aria-role', 'aria-label', 'aria-checked', 'aria-selected', 'aria-disabled', 'aria-expanded', 'aria-hidden', 'aria-busy', 'aria-live']

module.exports = (ctx) => {
  ctx.registerMethod({
    name: 'onSetupClose',
    fn(platform) {
      if (!platform || !platform.template || typeof platform.template.mergeComponents !== 'function') return
      const extra = Object.fromEntries(attributes.map((a) => [a, '']))
      platform.template.mergeComponents(ctx, { View: extra, Text: extra })
    },
  })
}
