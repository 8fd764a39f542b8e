import { staffReportRoutes } from './routes/staff-reports'
import { staffEntrustmentRoutes } from './routes/staff-entrustments'
import { staffApplicationRoutes } from './routes/staff-applications'
import { staffAdminRoutes } from './routes/staff-admin'
import { staffChildRoutes } from './routes/staff-children'
import { staffChildImportRoutes } from './routes/staff-child-imports'
import { staffReferralRoutes } from './routes/staff-referrals'
import { staffExportRoutes } from './routes/staff-exports'
import { staffSpotCheckRoutes } from './routes/staff-spot-checks'
import { staffOverviewRoutes } from './routes/staff-overview'
import { staffChildMoveRoutes } from './routes/staff-child-moves'
import { conferenceTaskRoutes, staffCaseRoutes } from './routes/staff-cases'
import { routes } from './contract'

/**
 * Every route under `/api/staff/` and `/api/staff-admin/`: the queues, children's files, cases,
 * referrals, overview, imports and exports that village, township and county staff use.
 * Served by the staff API function (lambda/api-staff.ts) and by the whole app (app.ts).
 */
export const staffApi = routes()
  .route('/staff/reports', staffReportRoutes)
  .route('/staff/entrustments', staffEntrustmentRoutes)
  .route('/staff/applications', staffApplicationRoutes)
  .route('/staff-admin', staffAdminRoutes)
  .route('/staff/children', staffChildRoutes)
  .route('/staff/child-imports', staffChildImportRoutes)
  .route('/staff/referrals', staffReferralRoutes)
  .route('/staff/exports', staffExportRoutes)
  .route('/staff/spot-checks', staffSpotCheckRoutes)
  .route('/staff/overview', staffOverviewRoutes)
  .route('/staff/child-moves', staffChildMoveRoutes)
  .route('/staff/cases', staffCaseRoutes)
  .route('/staff/conference-tasks', conferenceTaskRoutes)
