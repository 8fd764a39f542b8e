import { useCallback, useEffect, useState } from 'react'
import { View, Text } from '@tarojs/components'
import { type RecordSpotCheckResult, type SpotCheck, type SpotCheckFile, chinaToday, spotCheckRule } from '@shouhu/shared'
import { api, errorText } from '../../api/client'
import { ActionButton } from '../../components/action-button'
import { ChoiceGroup } from '../../components/choice-group'
import { ColourTag } from '../../components/colour-tag'
import { InputField, TextAreaField } from '../../components/labelled-field'
import { Page } from '../../components/page'
import { redirectIfSignedOut, useStaffUser } from '../../staff/use-staff'

/**
 * 档案年度抽查: once a year the county draws some children's files from every township and
 * checks each one (complete, visited on time, problems followed up). The draw is kept: opening
 * the page again shows the same files.
 */
const spotApi = {
  get: (year: number) => api.get('/staff/spot-checks/{year}', { auth: 'staff', params: { year: String(year) } }),
  start: (year: number, sampleSize: number) => api.post('/staff/spot-checks', { auth: 'staff', body: { year, sampleSize } }),
  record: (year: number, childId: string, body: RecordSpotCheckResult) =>
    api.post('/staff/spot-checks/{year}/files/{childId}', { auth: 'staff', params: { year: String(year), childId }, body }),
}

type YesNo = 'yes' | 'no'
const yesNoLabel: Record<YesNo, string> = { yes: '是', no: '否' }
const checklist = spotCheckRule.checklist
type Point = keyof typeof checklist
const points = Object.keys(checklist) as Point[]

function FileCheck({ year, file, onSaved }: { year: number; file: SpotCheckFile; onSaved: (f: SpotCheckFile) => void }) {
  const [open, setOpen] = useState(false)
  const [answers, setAnswers] = useState<Record<Point, YesNo | ''>>(() =>
    Object.fromEntries(points.map((p) => [p, file.result ? (file.result[p] ? 'yes' : 'no') : ''])) as Record<Point, YesNo | ''>,
  )
  const [note, setNote] = useState(file.result?.note ?? '')
  const [error, setError] = useState('')
  const prefix = `spot-file-${file.childId}`

  const save = async () => {
    setError('')
    const missing = points.filter((p) => !answers[p])
    if (missing.length) {
      setError(`请回答：${missing.map((p) => checklist[p].label).join('；')}`)
      return
    }
    try {
      const saved = await spotApi.record(year, file.childId, {
        complete: answers.complete === 'yes',
        visitsOnCadence: answers.visitsOnCadence === 'yes',
        problemsFollowedUp: answers.problemsFollowedUp === 'yes',
        ...(note.trim() ? { note: note.trim() } : {}),
      })
      onSaved(saved)
      setOpen(false)
    } catch (e) {
      if (!redirectIfSignedOut(e)) setError(errorText(e))
    }
  }

  const r = file.result
  return (
    <View id={prefix} className='item' role='listitem' data-checked={r ? 'yes' : 'no'}>
      <View className='item-head'>
        <Text className='label'>{file.name}</Text>
        <ColourTag colour={file.colour} short />
      </View>
      <Text className='hint'>{file.villageName}</Text>
      <Text id={`${prefix}-result`} className='hint'>
        {r ? `已检查：${points.map((p) => `${checklist[p].label.replace(/（.*）/, '')}${r[p] ? '✓' : '✗'}`).join('，')}` : '还没有检查'}
      </Text>
      {!open && (
        // The child's name is on the button itself, not only in its accessible name: a voice-control
        // user says what they see (WCAG 2.5.3), and several files are listed one under another.
        <ActionButton id={`${prefix}-open`} size='small' onClick={() => setOpen(true)}>
          {r ? `修改${file.name}的检查结果` : `记录${file.name}的检查结果`}
        </ActionButton>
      )}
      {open && (
        <View>
          {points.map((p) => (
            <View key={p}>
              <Text className='label'>{checklist[p].label}</Text>
              <ChoiceGroup idPrefix={`${prefix}-${p}`} label={checklist[p].label} options={['yes', 'no'] as YesNo[]} labels={yesNoLabel} value={answers[p]} onChange={(v) => setAnswers((a) => ({ ...a, [p]: v }))} />
            </View>
          ))}
          <TextAreaField id={`${prefix}-note`} label='备注' optional short value={note} onInput={setNote} maxlength={500} />
          {error && (
            <View className='error-box' role='alert'>
              <Text>{error}</Text>
            </View>
          )}
          <ActionButton id={`${prefix}-save`} kind='primary' onClick={save}>
            保存检查结果
          </ActionButton>
        </View>
      )}
    </View>
  )
}

export default function SpotCheckPage() {
  const user = useStaffUser()
  const year = Number(chinaToday().slice(0, 4))
  const [check, setCheck] = useState<SpotCheck | null | undefined>(undefined)
  const [size, setSize] = useState(String(spotCheckRule.defaultSamplePerTownship))
  const [error, setError] = useState('')

  const load = useCallback(async () => {
    setError('')
    try {
      setCheck(await spotApi.get(year))
    } catch (e) {
      if (redirectIfSignedOut(e)) return
      if ((e as { status?: number }).status === 404) setCheck(null)
      else setError(errorText(e))
    }
  }, [year])
  useEffect(() => void load(), [load])

  if (!user) return null
  if (user.role !== 'county_officer' && user.role !== 'township_supervisor') {
    return (
      <Page id='spot-check-page'>
        <View id='spot-check-not-allowed' className='error-box' role='alert'>
          <Text>档案年度抽查由县级民政部门进行。</Text>
        </View>
      </Page>
    )
  }

  const start = async () => {
    setError('')
    try {
      setCheck(await spotApi.start(year, Number(size)))
    } catch (e) {
      if (redirectIfSignedOut(e)) return
      const fields = (e as { fields?: { message: string }[] }).fields ?? []
      setError(fields.length ? fields.map((f) => f.message).join('；') : errorText(e))
    }
  }

  const saved = (f: SpotCheckFile) => {
    setCheck((c) => c && { ...c, files: c.files.map((x) => (x.childId === f.childId ? f : x)) })
    void load()
  }

  return (
    <Page id='spot-check-page'>
      <View className='section'>
        <View className='section-title' role='heading' aria-level={1}>
          <Text>{year}年 档案抽查</Text>
        </View>
        <Text className='hint'>{spotCheckRule.plain}。每个乡镇随机抽取几份儿童档案，逐份检查后记录结果。</Text>
        {error && (
          <View id='spot-check-error' className='error-box' role='alert'>
            <Text>{error}</Text>
          </View>
        )}
        {check === null && user.role === 'county_officer' && (
          <View id='spot-check-start-form'>
            <InputField id='spot-check-size' label='每个乡镇抽查几份档案' type='number' value={size} onInput={setSize} maxlength={2} hint={`1 到 ${spotCheckRule.maxSamplePerTownship} 份`} />
            <ActionButton id='spot-check-start' kind='primary' size='big' onClick={start}>
              开始今年的抽查
            </ActionButton>
          </View>
        )}
        {check === null && user.role !== 'county_officer' && (
          <Text id='spot-check-none' className='hint'>
            今年的抽查还没有开始。
          </Text>
        )}
      </View>

      {check &&
        check.townships.map((t) => (
          <View key={t.code} id={`spot-township-${t.code}`} className='section'>
            <View className='section-title' role='heading' aria-level={2}>
              <Text>{t.name}</Text>
            </View>
            <Text id={`spot-township-${t.code}-counts`} className='hint'>
              共 {t.population} 份档案，抽查 {t.drawn} 份，已检查 {t.checked} 份{t.wanting ? `，${t.wanting} 份有不足` : ''}
            </Text>
            <View role='list' aria-label={`${t.name}抽查的档案`}>
              {check.files
                .filter((f) => f.townshipCode === t.code)
                .map((f) =>
                  user.role === 'county_officer' ? (
                    <FileCheck key={f.childId} year={year} file={f} onSaved={saved} />
                  ) : (
                    <View key={f.childId} className='item' role='listitem'>
                      <Text className='label'>{f.name}</Text>
                      <Text className='hint'>
                        {f.villageName} · {f.result ? '已检查' : '还没有检查'}
                      </Text>
                    </View>
                  ),
                )}
            </View>
          </View>
        ))}
    </Page>
  )
}
