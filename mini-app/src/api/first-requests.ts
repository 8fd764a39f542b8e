/**
 * The reads a page makes the moment it opens, by page path, for pages people open straight from
 * the address (a staff member's bookmarked inbox). On H5, index.html starts them together with
 * the document (config/h5-first-screen.ts), while the app's scripts are still on their way; the
 * transport (./early.h5.ts) hands their answers to the page's own identical requests. On a
 * 400 ms round-trip line that is one round trip less before the list shows (bench `screen`).
 *
 * Paths are what the page asks for (./first-requests.test.ts checks them against the client's
 * own path builder). A path the page stops asking for costs one wasted read, never a wrong answer:
 * only a request for the very same URL, with the same session, takes an early answer.
 */
export interface FirstRequests {
  /** Which stored session signs them (`session.staff` / `session.resident`). */
  auth: 'staff' | 'resident'
  /** Paths under the API base, with their query. */
  paths: string[]
}

export const firstRequests: Record<string, FirstRequests> = {
  // staff/inbox/index.tsx: the open reports and the notifications, asked for together.
  'staff/inbox/index': { auth: 'staff', paths: ['/staff/reports?status=open', '/notifications'] },
}
