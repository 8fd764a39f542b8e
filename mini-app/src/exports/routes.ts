/** 台账导出 and the yearly spot check (the `exports` subpackage): township and county staff. */
export const exportRoutes = {
  exports: '/exports/index/index',
  spotCheck: '/exports/spot-check/index',
}
