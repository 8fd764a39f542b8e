import type { PreCheckAnswers, PreCheckMatch } from '@shouhu/shared'

/**
 * What the pre-check hands to the application form: the place, the answers and the chosen
 * category. Kept in memory (both pages run in the same mini-program runtime); a family that
 * opens the form directly just answers the questions there.
 */
export interface AllowanceDraft {
  villageCode: string
  villagePath: string
  answers: PreCheckAnswers
  match: PreCheckMatch
}

let draft: AllowanceDraft | undefined

export const setAllowanceDraft = (d: AllowanceDraft) => {
  draft = d
}
export const allowanceDraft = () => draft
export const clearAllowanceDraft = () => {
  draft = undefined
}
