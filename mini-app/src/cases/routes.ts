const q = encodeURIComponent

/** Red cases and the departments around them (the `cases` subpackage): staff and department liaisons. */
export const casesRoutes = {
  intervention: (reportId: string) => `/cases/intervention/index?report=${q(reportId)}`,
  guardianship: (childId: string, name?: string) => `/cases/guardianship/index?childId=${q(childId)}${name ? `&name=${q(name)}` : ''}`,
  /** Every placement of the county (or the township's villages), overdue reviews first. */
  guardianships: '/cases/guardianships/index',
  /** One placement: its record, review and end. */
  guardianshipRecord: (id: string) => `/cases/guardianship/index?id=${q(id)}`,
  convene: (childId: string, name?: string) => `/cases/conference/index?childId=${q(childId)}${name ? `&name=${q(name)}` : ''}`,
  conference: (id: string) => `/cases/conference/index?id=${q(id)}`,
  /** The township's conferences, newest first. */
  conferences: '/cases/conferences/index',
  tasks: '/cases/tasks/index',
  massLists: '/cases/mass-lists/index',
}
