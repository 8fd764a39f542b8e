import { useState } from 'react'
import Taro from '@tarojs/taro'
import { View, Text, Textarea } from '@tarojs/components'
import {
  ApplicationCreate,
  CONSENT_VERSION,
  GuardianRelation,
  applicationFieldLabels,
  consentText,
  fieldErrors,
  formatYuan,
  guardianRelationLabel,
  type DocumentKind,
  type UploadedDocument,
} from '@shouhu/shared'
import { allowanceApi } from '../../api/allowance'
import { ApiRequestError, errorText } from '../../api/client'
import { ActionButton } from '../../components/action-button'
import { FieldErrorText } from '../../components/field-error'
import { SubmissionKey } from '../../report-form/idempotency'
import { allowanceRoutes } from '../../routes'
import { ensureResidentSession } from '../../session'
import { allowanceDraft, clearAllowanceDraft } from '../draft'
import { CheckRow, ChoiceChips } from '../choices'
import { choosePhoto, uploadPhoto } from '../upload'
import { Page } from '../../components/page'
import { FieldInput, inputA11y } from '../../components/field-input'
import { useFieldErrors } from '../../forms/field-errors'
import { PrivacyPopup } from '../../wechat/privacy'

type Errors = Record<string, string[]>

/** The application itself: the child, the guardian, the papers as photos, the bank account, consent. */
export default function Apply() {
  const [draft] = useState(() => allowanceDraft())
  const [childName, setChildName] = useState('')
  const [childId, setChildId] = useState('')
  const [guardianName, setGuardianName] = useState('')
  const [guardianPhone, setGuardianPhone] = useState('')
  const [relation, setRelation] = useState<GuardianRelation | ''>('')
  const [note, setNote] = useState('')
  const [bankName, setBankName] = useState('')
  const [accountName, setAccountName] = useState('')
  const [accountNumber, setAccountNumber] = useState('')
  const [docs, setDocs] = useState<UploadedDocument[]>([])
  const [uploading, setUploading] = useState<DocumentKind | ''>('')
  const [consent, setConsent] = useState(false)
  const [sending, setSending] = useState(false)
  const [key] = useState(() => new SubmissionKey())
  const [errors, setErrors, showErrors] = useFieldErrors<Errors>({
    'child.name': childName,
    'child.idNumber': childId,
    'guardian.name': guardianName,
    'guardian.phone': guardianPhone,
    'guardian.relation': relation,
    'bankAccount.bankName': bankName,
    'bankAccount.accountName': accountName,
    'bankAccount.accountNumber': accountNumber,
    documents: docs,
    'consent.accepted': consent,
  })

  if (!draft) {
    return (
      <Page>
        <Text className='lead'>请先回答几个问题，看看孩子可能符合哪一类补贴，再从结果中选择申请。</Text>
        <ActionButton id='apply-to-precheck' kind='primary' onClick={() => void Taro.redirectTo({ url: allowanceRoutes.precheck })}>
          去自查
        </ActionButton>
      </Page>
    )
  }
  const { match } = draft

  async function addPhoto(kind: DocumentKind) {
    if (uploading) return
    const photo = await choosePhoto()
    if (!photo) return
    setUploading(kind)
    setErrors((e) => ({ ...e, documents: [] }))
    try {
      await ensureResidentSession().catch(() => undefined)
      const uploaded = await uploadPhoto(kind, photo)
      setDocs((d) => [...d, uploaded])
    } catch (e) {
      setErrors((x) => ({ ...x, documents: [e instanceof ApiRequestError ? e.message : '照片上传没有成功，请再试一次'] }))
    } finally {
      setUploading('')
    }
  }

  async function submit() {
    if (sending) return
    const body = {
      villageCode: draft!.villageCode,
      categoryId: match.categoryId,
      child: { name: childName, idNumber: childId },
      situation: (({ birthDate, ...rest }) => rest)(draft!.answers),
      familyNote: note,
      guardian: { name: guardianName, phone: guardianPhone, relation: relation || undefined },
      bankAccount: { bankName, accountName, accountNumber },
      documents: docs,
      consent: { accepted: consent, version: CONSENT_VERSION },
    }
    const parsed = ApplicationCreate.safeParse(body)
    if (!parsed.success) {
      const out: Errors = {}
      for (const f of fieldErrors(parsed.error, applicationFieldLabels)) (out[f.field.startsWith('documents') ? 'documents' : f.field] ??= []).push(f.message)
      if (!relation) out['guardian.relation'] = ['请选择您和孩子的关系']
      showErrors({ ...out, form: ['还有内容需要补充，请查看标红的提示。'] })
      return
    }
    setSending(true)
    setErrors({})
    try {
      await ensureResidentSession().catch(() => undefined)
      const created = await allowanceApi.apply(parsed.data, key.current())
      clearAllowanceDraft()
      await Taro.redirectTo({ url: allowanceRoutes.status(created.id) })
    } catch (e) {
      const out: Errors = { form: [errorText(e)] }
      // Refused outright: nothing was stored under this key, so the corrected form gets a new one.
      if (e instanceof ApiRequestError && e.status === 400) key.rotate()
      if (e instanceof ApiRequestError) for (const f of e.fields) (out[f.field.startsWith('documents') ? 'documents' : f.field] ??= []).push(f.message)
      showErrors(out)
    } finally {
      setSending(false)
    }
  }

  const input = (id: string, field: string, value: string, set: (v: string) => void, placeholder: string, type: 'text' | 'number' | 'idcard' = 'text', max = 30) => (
    <View className='field'>
      <Text className='label'>{applicationFieldLabels[field]}</Text>
      <FieldInput
        id={id}
        type={type}
        value={value}
        maxlength={max}
        placeholder={placeholder}
        a11y={inputA11y(id, applicationFieldLabels[field] ?? placeholder, errors[field])}
        onInput={(e) => set(e.detail.value)}
      />
      <FieldErrorText id={`error-${id}`} messages={errors[field]} />
    </View>
  )

  const count = (kind: DocumentKind) => docs.filter((d) => d.kind === kind).length
  const kinds = [...match.documents, { kind: 'other' as const, label: '其他材料（选填）' }]

  return (
    <Page>
      <PrivacyPopup />
      <Text className='title'>申请儿童关爱补贴</Text>
      <View className='notice'>
        <Text id='apply-category' className='label'>
          {match.label}
        </Text>
        <Text>{match.monthly ? `估算每月 ${formatYuan(match.monthlyFen)}${match.demo ? '（演示金额）' : ''}（以审批为准）` : '没有按月的固定金额，以审批为准'}</Text>
        <Text className='hint'>{draft.villagePath}</Text>
      </View>

      <View className='section'>
        <Text className='section-title'>孩子</Text>
        {input('apply-child-name', 'child.name', childName, setChildName, '孩子的姓名')}
        {input('apply-child-id', 'child.idNumber', childId, setChildId, '18 位身份证号码', 'idcard', 18)}
        <Text className='hint'>身份证号提交后只显示前 3 位和后 4 位。</Text>
      </View>

      <View className='section'>
        <Text className='section-title'>监护人（您）</Text>
        {input('apply-guardian-name', 'guardian.name', guardianName, setGuardianName, '您的姓名')}
        {input('apply-guardian-phone', 'guardian.phone', guardianPhone, setGuardianPhone, '11 位手机号码', 'number', 11)}
        <Text className='label'>您是孩子的</Text>
        <ChoiceChips idPrefix='apply-relation' label='您是孩子的' options={GuardianRelation.options} labels={guardianRelationLabel} value={relation} onChange={setRelation} />
        <FieldErrorText id='error-apply-relation' messages={errors['guardian.relation']} />
        <View className='field'>
          <Text className='label'>家庭情况说明（选填）</Text>
          <Textarea id='apply-note' className='textarea textarea-short' nativeProps={{ 'aria-label': '家庭情况说明（选填）' }} value={note} maxlength={1000} placeholder='家里的情况，例如谁在照顾孩子' onInput={(e) => setNote(e.detail.value)} />
        </View>
      </View>

      <View className='section'>
        <Text className='section-title'>材料照片</Text>
        <Text className='hint'>每份材料拍一张清楚的照片。缺的材料以后也可以补交。</Text>
        {kinds.map((d) => (
          <View key={d.kind} id={`doc-${d.kind}`} className='row'>
            <View className='row-text'>
              <Text>{d.label}</Text>
              <Text id={`doc-status-${d.kind}`} className='hint'>
                {uploading === d.kind ? '正在上传…' : count(d.kind) ? `已上传 ${count(d.kind)} 张` : '未上传'}
              </Text>
            </View>
            <ActionButton id={`doc-upload-${d.kind}`} size='small' disabled={!!uploading} onClick={() => void addPhoto(d.kind)}>
              拍照上传
            </ActionButton>
          </View>
        ))}
        <FieldErrorText id='error-apply-documents' messages={errors.documents} />
      </View>

      <View className='section'>
        <Text className='section-title'>收款银行账户</Text>
        {input('apply-bank-name', 'bankAccount.bankName', bankName, setBankName, '例如 泗县农商银行', 'text', 40)}
        {input('apply-account-name', 'bankAccount.accountName', accountName, setAccountName, '账户户名')}
        {input('apply-account-number', 'bankAccount.accountNumber', accountNumber, setAccountNumber, '银行卡号', 'number', 30)}
        <Text className='hint'>卡号提交后只显示后 4 位。</Text>
      </View>

      <View className='section'>
        <CheckRow id='apply-consent' checked={consent} label={consentText} onToggle={() => setConsent((c) => !c)} />
        <FieldErrorText id='error-apply-consent' messages={errors['consent.accepted']} />
      </View>

      {errors.form && (
        <View className='error-box'>
          <FieldErrorText id='apply-error' messages={errors.form} />
        </View>
      )}
      <ActionButton id='apply-submit' kind='primary' size='big' disabled={sending || !!uploading} onClick={() => void submit()}>
        {sending ? '正在提交…' : '提交申请'}
      </ActionButton>
    </Page>
  )
}
