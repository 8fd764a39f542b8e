import { useState } from 'react'
import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import {
  Benefit,
  ChildDisability,
  FamilyAssistance,
  ParentCircumstance,
  PreCheckRequest,
  applicationFieldLabels,
  chinaToday,
  benefitLabel,
  childDisabilityLabel,
  familyAssistanceLabel,
  fieldErrors,
  formatYuan,
  parentCircumstanceLabel,
  type PreCheckResult,
} from '@shouhu/shared'
import { allowanceApi } from '../../api/allowance'
import { errorText } from '../../api/client'
import { ActionButton } from '../../components/action-button'
import { DevLoginChooser } from '../../components/dev-login'
import { DivisionPicker } from '../../components/division-picker'
import { FieldErrorText } from '../../components/field-error'
import { currentUser, ensureResidentSession, usesDevLogin } from '../../session'
import { allowanceRoutes } from '../../routes'
import { setAllowanceDraft } from '../draft'
import { CheckRow, ChoiceChips } from '../choices'
import { Page } from '../../components/page'
import { DateField } from '../../components/text-field'
import { useFieldErrors } from '../../forms/field-errors'

type Errors = Record<string, string[]>

/**
 * 补贴自查: a few questions, then which kinds of 儿童关爱补贴 may apply and roughly how much,
 * with the rule in plain words. Advice only: the county decides.
 */
export default function PreCheck() {
  const [resident, setResident] = useState(() => currentUser('resident'))
  const [villageCode, setVillageCode] = useState('')
  const [villagePath, setVillagePath] = useState('')
  const [birthDate, setBirthDate] = useState('')
  const [father, setFather] = useState<ParentCircumstance | ''>('')
  const [mother, setMother] = useState<ParentCircumstance | ''>('')
  const [assistance, setAssistance] = useState<FamilyAssistance>('none')
  const [disability, setDisability] = useState<ChildDisability>('none')
  const [flags, setFlags] = useState({ seriousIllness: false, hivAffected: false, hivInfected: false, suddenHardship: false, nonLocal: false })
  const [benefits, setBenefits] = useState<Benefit[]>([])
  const [busy, setBusy] = useState(false)
  const [result, setResult] = useState<PreCheckResult | null>(null)
  const [errors, setErrors, showErrors] = useFieldErrors<Errors>({ villageCode, 'answers.birthDate': birthDate, 'answers.father': father, 'answers.mother': mother })

  const request = () => ({
    villageCode,
    answers: {
      birthDate: birthDate.trim(),
      father: father || undefined,
      mother: mother || undefined,
      familyAssistance: assistance,
      disability,
      seriousIllness: flags.seriousIllness,
      hivAffected: flags.hivAffected,
      hivInfected: flags.hivInfected,
      suddenHardship: flags.suddenHardship,
      localHukou: !flags.nonLocal,
      currentBenefits: benefits,
    },
  })

  async function check() {
    if (busy) return
    const parsed = PreCheckRequest.safeParse(request())
    if (!parsed.success) {
      const out: Errors = {}
      for (const f of fieldErrors(parsed.error, applicationFieldLabels)) (out[f.field] ??= []).push(f.message)
      if (!villageCode) out.villageCode = ['请选择孩子居住的村（社区）']
      if (!father) out['answers.father'] = ['请选择父亲的情况']
      if (!mother) out['answers.mother'] = ['请选择母亲的情况']
      // Also next to the button: the first message may be far above it.
      showErrors({ ...out, form: ['还有几个问题没有回答，请看上面标红的提示。'] })
      return
    }
    setBusy(true)
    setErrors({})
    try {
      await ensureResidentSession().catch(() => undefined)
      setResult(await allowanceApi.preCheck(parsed.data))
    } catch (e) {
      showErrors({ form: [errorText(e)] })
    } finally {
      setBusy(false)
    }
  }

  function apply(categoryId: string) {
    const parsed = PreCheckRequest.parse(request())
    const match = result!.matches.find((m) => m.categoryId === categoryId)!
    setAllowanceDraft({ villageCode, villagePath, answers: parsed.answers, match })
    void Taro.navigateTo({ url: allowanceRoutes.apply })
  }

  const toggle = (k: keyof typeof flags) => setFlags((f) => ({ ...f, [k]: !f[k] }))

  return (
    <Page>
      <Text className='title'>儿童关爱补贴 · 自查</Text>
      <Text className='lead'>回答几个问题，看看孩子可能符合哪一类补贴、大概每月多少。这只是估算，不是审批结果。</Text>

      {usesDevLogin && !resident && <DevLoginChooser onSignedIn={(r) => setResident(r.user)} />}
      {usesDevLogin && resident && (
        <Text id='resident-name' className='hint'>
          已登录：{resident.displayName}
        </Text>
      )}

      <View className='section'>
        <Text className='section-title'>1. 孩子住在哪个村（社区）</Text>
        <FieldErrorText id='error-precheck-village' messages={errors.villageCode} />
        <DivisionPicker
          onChange={(code, path) => {
            setVillageCode(code)
            setVillagePath(path.map((d) => d.name).join(' / '))
          }}
        />
      </View>

      <View className='section'>
        <Text className='section-title'>2. 孩子的出生日期</Text>
        <DateField id='precheck-birth' label='出生日期' value={birthDate} end={chinaToday()} onChange={setBirthDate} errors={errors['answers.birthDate']} />
      </View>

      <View className='section'>
        <Text className='section-title'>3. 孩子父母的情况</Text>
        <Text className='label'>父亲</Text>
        <ChoiceChips idPrefix='precheck-father' label='父亲的情况' options={ParentCircumstance.options} labels={parentCircumstanceLabel} value={father} onChange={setFather} />
        <FieldErrorText id='error-precheck-father' messages={errors['answers.father']} />
        <Text className='label'>母亲</Text>
        <ChoiceChips idPrefix='precheck-mother' label='母亲的情况' options={ParentCircumstance.options} labels={parentCircumstanceLabel} value={mother} onChange={setMother} />
        <FieldErrorText id='error-precheck-mother' messages={errors['answers.mother']} />
      </View>

      <View className='section'>
        <Text className='section-title'>4. 家里享受的救助</Text>
        <ChoiceChips idPrefix='precheck-assistance' label='家里享受的救助' options={FamilyAssistance.options} labels={familyAssistanceLabel} value={assistance} onChange={setAssistance} />
      </View>

      <View className='section'>
        <Text className='section-title'>5. 孩子自身的情况</Text>
        <ChoiceChips idPrefix='precheck-disability' label='孩子的残疾情况' options={ChildDisability.options} labels={childDisabilityLabel} value={disability} onChange={setDisability} />
        <View className='list'>
          <CheckRow id='precheck-illness' checked={flags.seriousIllness} label='孩子患有重大疾病' onToggle={() => toggle('seriousIllness')} />
          <CheckRow id='precheck-hiv' checked={flags.hivAffected} label='孩子或父母受艾滋病影响' onToggle={() => toggle('hivAffected')} />
          <CheckRow id='precheck-hiv-infected' checked={flags.hivInfected} label='孩子本人感染艾滋病病毒' onToggle={() => toggle('hivInfected')} />
          <CheckRow id='precheck-sudden' checked={flags.suddenHardship} label='最近遇到事故、灾害、家人重病等突发困难' onToggle={() => toggle('suddenHardship')} />
          <CheckRow id='precheck-nonlocal' checked={flags.nonLocal} label='孩子的户口不在本县（市）' onToggle={() => toggle('nonLocal')} />
        </View>
      </View>

      <View className='section'>
        <Text className='section-title'>6. 孩子已经在领的补助（可多选）</Text>
        <View className='list'>
          {Benefit.options.map((b) => (
            <CheckRow
              key={b}
              id={`precheck-benefit-${b}`}
              checked={benefits.includes(b)}
              label={benefitLabel[b]}
              onToggle={() => setBenefits((bs) => (bs.includes(b) ? bs.filter((x) => x !== b) : [...bs, b]))}
            />
          ))}
        </View>
      </View>

      {errors.form && (
        <View className='error-box'>
          <FieldErrorText id='precheck-error' messages={errors.form} />
        </View>
      )}
      <ActionButton id='precheck-submit' kind='primary' size='big' disabled={busy} onClick={() => void check()}>
        {busy ? '正在估算…' : '看看可能符合哪些补贴'}
      </ActionButton>

      {result && (
        <View id='precheck-result'>
          <View className='notice'>
            <Text id='precheck-advisory'>{result.advisory}</Text>
          </View>
          {result.matches.map((m) => (
            <View key={m.categoryId} id={`match-${m.categoryId}`} className='section'>
              <Text className='section-title'>{m.label}</Text>
              <Text className='hint'>{m.who}</Text>
              <View className='spacer' />
              <Text id={`match-amount-${m.categoryId}`} className='status-big'>
                {m.monthly ? `约每月 ${formatYuan(m.monthlyFen)}${m.demo ? '（演示金额）' : ''}` : '没有按月的固定金额'}
              </Text>
              <Text id={`match-explain-${m.categoryId}`}>{m.explanation}</Text>
              {m.otherSupportNote && <Text className='hint'>{m.otherSupportNote}</Text>}
              <View className='spacer' />
              <Text className='label'>需要准备的材料（拍照上传）</Text>
              {m.documents.map((d) => (
                <Text key={d.kind} className='hint'>
                  · {d.label}
                </Text>
              ))}
              <View className='spacer' />
              <ActionButton id={`match-apply-${m.categoryId}`} kind='primary' onClick={() => apply(m.categoryId)}>
                申请这一项
              </ActionButton>
            </View>
          ))}
          {result.directions.map((d) => (
            <View key={d.categoryId} id={`direction-${d.categoryId}`} className='section'>
              <Text className='section-title'>{d.label}</Text>
              <Text className='hint'>{d.who}</Text>
              <View className='spacer' />
              <Text id={`direction-scheme-${d.categoryId}`} className='label'>
                请申请：{d.scheme}
              </Text>
              <Text id={`direction-text-${d.categoryId}`}>{d.text}</Text>
            </View>
          ))}
          {result.notes.length > 0 && (
            <View id='precheck-notes' className='section'>
              {result.notes.map((n) => (
                <Text key={n}>{n}</Text>
              ))}
            </View>
          )}
          <Text id='precheck-policy' className='hint'>
            以上按{result.policyName}的政策估算。
          </Text>
        </View>
      )}
    </Page>
  )
}
