// The parent forwards the invitation as a share card to the caregiver.
export default definePageConfig({ navigationBarTitleText: '委托照护', enableShareAppMessage: true })
