/**
 * Why a child's file is closed (结档). A file is never deleted: a closed file leaves the due
 * lists, the reminders and the overview's counts, and stays readable (and its reads audited).
 * Each reason names the clause that ends the village's duty to keep the file live.
 *
 * - 002 §4(三): the township keeps the ledger 「一人一档……实行动态管理」 — the ledger follows
 *   the children the area actually has; 004 #8: 「对辖区内……全面摸底排查，落实数据动态更新机制」.
 *   A child who died, or who now lives outside the county, is no longer a child of this
 *   area's ledger. A move *within* the county is a transfer (转出), not a closing.
 * - Turning 18: the duty is to 儿童 / 未成年人 (004 §2 defines both groups as minors);
 *   003 §2(一): 「符合政府供养福利保障范围的儿童……成年后……不再纳入保障」; adulthood at 18 周岁
 *   (民法典 §17), counted as the law counts ages (民法典 §201, `fullYears`).
 */
/**
 * Who may reopen a file closed for this reason (恢复建档): `village` — the file's own village
 * director and the township and county above it; `township` — only the township supervisor or
 * the county officer over the village.
 *
 * A death is the gravest fact a file can record and the one whose mistake does most harm (a
 * living child dropped from every visit list); the ledger is the township's (002 §4(三):
 * 「督促指导乡镇人民政府……建立翔实的困境儿童信息台账」), and what the village cannot settle
 * alone goes to the township (004 §3 末段: 「情形复杂难判断的，由乡镇政府……组织专门力量评估确认」).
 * So a village director who learns the death notice was wrong asks the township, which checks
 * and reopens; the director is told so in plain words, never silently refused.
 */
export type ReopenLevel = 'village' | 'township'
export const reopenClause = '002 §4(三); 004 §3'

export const closureReasons = {
  moved_out_of_county: {
    label: '孩子搬到本县以外居住',
    hint: '搬到本县其他村的，请用「转出」，不要结档。',
    clause: '002 §4(三); 004 #8',
    needsDestination: true,
    minAge: undefined as number | undefined,
    reopenFrom: 'village' as ReopenLevel,
  },
  turned_18: {
    label: '孩子已年满 18 周岁',
    hint: '满 18 周岁的第二天起可以结档。',
    clause: '003 §2(一); 民法典 §17; 民法典 §201',
    needsDestination: false,
    minAge: 18 as number | undefined,
    reopenFrom: 'village' as ReopenLevel,
  },
  died: {
    label: '孩子已去世',
    hint: '请在说明里写明日期和经过（例如：由谁告知、是否已核实）。',
    clause: '002 §4(三); 004 #8',
    needsDestination: false,
    minAge: undefined as number | undefined,
    reopenFrom: 'township' as ReopenLevel,
  },
} as const

export type ClosureReasonId = keyof typeof closureReasons
export const closureReasonIds = Object.keys(closureReasons) as ClosureReasonId[]
