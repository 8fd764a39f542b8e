import type * as z from 'zod'
import { fieldErrors, levelForRole, type ManagedRole } from '@shouhu/shared'
import { labelFor } from '../../casework/validate'

export type Errors = Record<string, string[]>

const placeWord: Record<string, string> = { village: '村（社区）', township: '乡镇（街道）', county: '县（区）' }

/**
 * The account form's fields in the words the page shows. 所在地 says which list to choose from
 * (「请选择所在的村（社区）」), because the level depends on the role.
 */
export function accountLabels(role: ManagedRole | ''): Record<string, string> {
  return {
    username: '账号',
    displayName: '姓名',
    role: '岗位',
    divisionCode: role ? `所在的${placeWord[levelForRole(role)] ?? '地方'}` : '所在地',
    schoolId: '学校',
    unit: '所在单位',
    department: '部门',
    version: '账号版本',
  }
}

// Picked from a list, never typed: a missing or unknown value means nothing was picked.
const choices = new Set(['role', 'divisionCode', 'schoolId', 'department'])

/**
 * Chinese messages by field for a refused account form, each naming its field once: a choice
 * not made reads 「请选择岗位」, never 「不是可选的内容」.
 */
export function accountMessages(error: z.ZodError, labels: Record<string, string>): Errors {
  const out: Errors = {}
  for (const f of fieldErrors(error, labels)) {
    const key = f.field.split('.')[0]!
    const label = labelFor(labels, f.field)
    const message = label && choices.has(key) && (f.code === 'invalid_value' || f.code === 'invalid_type') ? `请选择${label}` : f.message
    const list = (out[key] ??= [])
    if (!list.includes(message)) list.push(message)
  }
  return out
}
