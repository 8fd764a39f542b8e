import {
  ReportCreate,
  fieldErrors,
  reportFieldLabels,
  type ContactPermission,
  type FieldError,
  type ReporterRelation,
  mandatoryReporterRelations,
  type SituationId,
} from '@shouhu/shared'

/** What the report form holds while it is being filled in. */
export interface ReportFormState {
  villageCode: string
  situations: SituationId[]
  description: string
  childDescription: string
  /** On by default: the safest choice for someone who fears being known (003 §3(一)). */
  anonymous: boolean
  name: string
  phone: string
  relation: ReporterRelation
  /** Asked, never assumed: the village sees a named reporter only if they said so. */
  contactPermission: ContactPermission | ''
  /** Teachers, doctors, cadres and social workers: the unit their duty receipt names (001 #6). */
  unit: string
}

export function emptyReportForm(villageCode = ''): ReportFormState {
  return {
    villageCode,
    situations: [],
    description: '',
    childDescription: '',
    anonymous: true,
    name: '',
    phone: '',
    relation: 'neighbour',
    contactPermission: '',
    unit: '',
  }
}

export const isMandatoryReporter = (relation: ReporterRelation) => mandatoryReporterRelations.includes(relation)

/** Places on the form where a message can appear; `form` is the catch-all above the button. */
export const reportFormFields = [
  'villageCode',
  'situations',
  'description',
  'childDescription',
  'reporter',
  'reporter.name',
  'reporter.phone',
  'reporter.relation',
  'reporter.contactPermission',
  'reporter.unit',
  'form',
] as const
export type ReportFormField = (typeof reportFormFields)[number]
export type FormErrors = Partial<Record<ReportFormField, string[]>>

/**
 * The request body. An anonymous report carries no name or phone at all, even if the
 * resident typed them before switching anonymity back on.
 */
export function toReportInput(state: ReportFormState) {
  return {
    villageCode: state.villageCode,
    situations: state.situations,
    description: state.description,
    childDescription: state.childDescription,
    reporter: state.anonymous
      ? { anonymous: true as const }
      : {
          anonymous: false as const,
          name: state.name,
          phone: state.phone,
          relation: state.relation,
          ...(state.contactPermission ? { contactPermission: state.contactPermission } : {}),
          unit: isMandatoryReporter(state.relation) ? state.unit : '',
        },
  }
}

export type ValidationResult = { ok: true; value: ReportCreate } | { ok: false; errors: FormErrors }

/** Client-side check with the very schema the server uses, so both say the same thing. */
export function validateReportForm(state: ReportFormState): ValidationResult {
  const parsed = ReportCreate.safeParse(toReportInput(state))
  // The API defaults to the safer choice; the form asks, so a reporter always decides.
  const unasked: FieldError[] =
    !state.anonymous && !state.contactPermission
      ? [{ field: 'reporter.contactPermission', code: 'required', message: '请选择村里能否联系您' }]
      : []
  if (parsed.success && !unasked.length) return { ok: true, value: parsed.data }
  return { ok: false, errors: formErrorsFrom([...(parsed.success ? [] : fieldErrors(parsed.error, reportFieldLabels)), ...unasked]) }
}

const known = new Set<string>(reportFormFields)

/** Puts each field error (from zod locally, or from a 400 `VALIDATION_FAILED`) under its field. */
export function formErrorsFrom(fields: readonly FieldError[]): FormErrors {
  const errors: FormErrors = {}
  for (const { field, message } of fields) {
    const key = fieldKey(field)
    const list = (errors[key] ??= [])
    if (!list.includes(message)) list.push(message)
  }
  return errors
}

function fieldKey(path: string): ReportFormField {
  const parts = path.split('.')
  // `situations.3` is one of the ticked boxes: the message belongs to the list as a whole.
  for (let n = parts.length; n > 0; n--) {
    const candidate = parts.slice(0, n).join('.')
    if (known.has(candidate)) return candidate as ReportFormField
  }
  return 'form'
}

export function hasErrors(errors: FormErrors): boolean {
  return Object.values(errors).some((list) => list && list.length > 0)
}

/** Clears the messages of a field the resident just changed; others stay until re-checked. */
export function clearField(errors: FormErrors, ...fields: ReportFormField[]): FormErrors {
  const next = { ...errors }
  for (const f of fields) delete next[f]
  return next
}

export function toggleSituation(selected: readonly SituationId[], id: SituationId): SituationId[] {
  return selected.includes(id) ? selected.filter((s) => s !== id) : [...selected, id]
}
