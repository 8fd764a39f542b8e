import { View, Text } from '@tarojs/components'
import { CaregiverHealth, CaregiverRelationship, caregiverHealthLabel, caregiverRelationshipLabel } from '@shouhu/shared'
import { ChoiceGroup } from '../components/choice-group'
import { FieldErrorText } from '../components/field-error'
import { DateField, TextField } from '../components/text-field'
import { withIdDerived, type CaregiverState, type FieldMessages } from './form'

const yesNoLabel = { yes: '是', no: '否' } as const

/**
 * The caregiver's details, on the registration form and when the parents choose another
 * caregiver. Ids: `<idPrefix>-name`, `-relationship-<value>`, `-phone`, `-id`, `-birth`,
 * `-health-<value>`, `-lives-yes|no`; messages keyed `caregiver.<field>`.
 */
export function CaregiverFields({
  idPrefix,
  value,
  onChange,
  errors,
}: {
  idPrefix: string
  value: CaregiverState
  onChange: (next: CaregiverState, field: keyof CaregiverState) => void
  errors: FieldMessages
}) {
  const set = <K extends keyof CaregiverState>(field: K, v: CaregiverState[K]) => {
    const next = { ...value, [field]: v }
    onChange(field === 'idNumber' ? withIdDerived(next) : next, field)
  }
  return (
    <View>
      <TextField id={`${idPrefix}-name`} label='照护人姓名' value={value.name} maxlength={30} onInput={(v) => set('name', v)} errors={errors['caregiver.name']} />
      <View className='field'>
        <Text className='label'>照护人是孩子的</Text>
        <ChoiceGroup
          idPrefix={`${idPrefix}-relationship`}
          options={CaregiverRelationship.options}
          labels={caregiverRelationshipLabel}
          value={value.relationship}
          onChange={(v) => set('relationship', v)}
        />
        <FieldErrorText id={`error-${idPrefix}-relationship`} messages={errors['caregiver.relationship']} />
      </View>
      <TextField id={`${idPrefix}-phone`} label='照护人手机号' type='number' maxlength={11} value={value.phone} onInput={(v) => set('phone', v)} errors={errors['caregiver.phone']} />
      <TextField
        id={`${idPrefix}-id`}
        label='照护人身份证号'
        type='idcard'
        maxlength={18}
        value={value.idNumber}
        hint='村里核实时会核对本人身份证；号码只给负责的工作人员看，且隐藏部分数字。'
        onInput={(v) => set('idNumber', v)}
        errors={errors['caregiver.idNumber']}
      />
      <DateField id={`${idPrefix}-birth`} label='照护人出生日期' value={value.birthDate} onChange={(v) => set('birthDate', v)} errors={errors['caregiver.birthDate']} />
      <View className='field'>
        <Text className='label'>照护人的身体状况</Text>
        <ChoiceGroup idPrefix={`${idPrefix}-health`} options={CaregiverHealth.options} labels={caregiverHealthLabel} value={value.health} onChange={(v) => set('health', v)} />
        <FieldErrorText id={`error-${idPrefix}-health`} messages={errors['caregiver.health']} />
      </View>
      <View className='field'>
        <Text className='label'>照护人和孩子住在一起吗</Text>
        <ChoiceGroup idPrefix={`${idPrefix}-lives`} options={['yes', 'no'] as const} labels={yesNoLabel} value={value.livesWithChild} onChange={(v) => set('livesWithChild', v)} />
        <FieldErrorText id={`error-${idPrefix}-lives`} messages={errors['caregiver.livesWithChild']} />
      </View>
    </View>
  )
}
