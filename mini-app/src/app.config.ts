export default defineAppConfig({
  // Resident pages stay in the main package: they are what a villager opens first.
  pages: [
    'pages/index/index',
    'pages/report/new/index',
    'pages/report/submitted/index',
    'pages/report/status/index',
    'pages/mine/index',
  ],
  // Staff pages load only when a staff member signs in, keeping the main package small.
  subPackages: [
    { root: 'staff', pages: ['login/index', 'inbox/index', 'report/index', 'applications/index', 'application/index', 'entrustments/index', 'entrustment/index', 'care-list/index'] },
    // 儿童关爱补贴 (issue #4): loaded only when a family opens it.
    { root: 'allowance', pages: ['precheck/index', 'apply/index', 'status/index', 'mine/index'] },
    // 委托照护 entrusted care (issue #3): parents and caregivers, loaded only when opened.
    { root: 'family', pages: ['list/index', 'new/index', 'entrustment/index', 'invite/index'] },
    { root: 'admin', pages: ['staff/index', 'account/index', 'password/index'] },
  ],
  sitemapLocation: 'sitemap.json',
  window: {
    backgroundTextStyle: 'dark',
    backgroundColor: '#f5f6f7',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTitleText: '守护 · 儿童关爱',
    navigationBarTextStyle: 'black',
  },
})
