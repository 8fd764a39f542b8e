import { View, Text } from '@tarojs/components'
import { situationCatalog, triage, type SituationId } from '@shouhu/shared'
import { MultiChoice } from '../components/choice-group'
import { FieldErrorText } from '../components/field-error'
import { TextAreaField } from '../components/labelled-field'
import { Pressable } from '../components/pressable'
import { ColourTag } from '../components/colour-tag'

export interface RegradeValues {
  situations: SituationId[]
  reason: string
  hardToJudge: boolean
}
export const emptyRegrade: RegradeValues = { situations: [], reason: '', hardToJudge: false }

const ids = situationCatalog.map((s) => s.id) as SituationId[]
const labels = Object.fromEntries(situationCatalog.map((s) => [s.id, s.label])) as Record<SituationId, string>

/**
 * The grade from what the director saw (the same situations reports use, 004 §3): the colour
 * follows from the most serious one, with the reason and the 「不好判断」 box that sends it to
 * the township for confirmation (004 §3 末段).
 */
export function RegradeFields({ idPrefix, value, onChange, errors }: { idPrefix: string; value: RegradeValues; onChange: (v: RegradeValues) => void; errors: Record<string, string[]> }) {
  const colour = triage(value.situations)
  return (
    <View>
      <Text className='label'>孩子现在的情况（可多选，不选为绿色）</Text>
      <View id={`${idPrefix}-situations`}>
        <MultiChoice idPrefix={`${idPrefix}-situation`} options={ids} labels={labels} values={value.situations} onChange={(situations) => onChange({ ...value, situations })} />
      </View>
      <FieldErrorText id={`error-${idPrefix}-situations`} messages={errors.situations} />
      <View className='field'>
        <Text className='hint'>评定的等级：</Text>
        <ColourTag id={`${idPrefix}-colour`} colour={colour} />
      </View>
      <TextAreaField id={`${idPrefix}-reason`} label='评定的理由' short value={value.reason} onInput={(reason) => onChange({ ...value, reason })} placeholder='例如：奶奶住院，孩子由邻居临时照看' errors={errors.reason} />
      <Pressable
        id={`${idPrefix}-hard`}
        className={`check-row ${value.hardToJudge ? 'is-checked' : ''}`}
        role='checkbox'
        checked={value.hardToJudge}
        onPress={() => onChange({ ...value, hardToJudge: !value.hardToJudge })}
      >
        <View className='check-box' />
        <Text>情况复杂，不好判断，请乡镇确认</Text>
      </Pressable>
    </View>
  )
}
