export default defineAppConfig({
  // Resident pages stay in the main package: they are what a villager opens first.
  pages: [
    'pages/index/index',
    'pages/report/new/index',
    'pages/report/submitted/index',
    'pages/report/status/index',
    'pages/report/lookup/index',
    'pages/mine/index',
  ],
  // Staff pages load only when a staff member signs in, keeping the main package small.
  subPackages: [
    { root: 'staff', pages: ['login/index', 'inbox/index', 'report/index', 'applications/index', 'application/index', 'entrustments/index', 'entrustment/index'] },
    // 儿童关爱补贴 (issue #4): loaded only when a family opens it.
    { root: 'allowance', pages: ['precheck/index', 'apply/index', 'status/index', 'mine/index', 'notices/index'] },
    // 委托照护 entrusted care (issue #3): parents and caregivers, loaded only when opened.
    { root: 'family', pages: ['list/index', 'new/index', 'entrustment/index', 'invite/index'] },
    { root: 'admin', pages: ['staff/index', 'account/index', 'password/index', 'roster/index'] },
    // 一人一档 the child's file (issue #7): the director's today page, the file, visit and enrolment
    // forms, the area lists and the township's confirmations. Staff only, loaded after sign-in.
    {
      root: 'casework',
      pages: ['today/index', 'children/index', 'child/index', 'visit/index', 'enrol/index', 'confirm/index', 'link-report/index', 'import/index', 'merge/index', 'closed/index'],
    },
    // 转介 referrals to county departments (issue #11): the form, the lists and a department's page.
    { root: 'referrals', pages: ['new/index', 'list/index', 'detail/index', 'department/index'] },
    { root: 'exports', pages: ['index/index', 'spot-check/index'] },
    // 工作台 the overview (issue #12): figures and charts for township and county staff; F2 loads only here.
    { root: 'overview', pages: ['index/index'] },
    // Red cases (issue #11): intervention on a red report, temporary guardianship, case
    // conferences and their tasks, the county's half-yearly lists. Staff and liaisons only.
    { root: 'cases', pages: ['intervention/index', 'guardianship/index', 'guardianships/index', 'conference/index', 'conferences/index', 'tasks/index', 'mass-lists/index'] },
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
