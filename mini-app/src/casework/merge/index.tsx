import { useCallback, useState } from 'react'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { caregiverRelationshipLabel, personSexLabel, schoolStageLabel, type ChildStaffView } from '@shouhu/shared'
import { errorText } from '../../api/client'
import { childEndpoints } from '../../api/children'
import { childMoveEndpoints } from '../../api/child-moves'
import { ActionButton } from '../../components/action-button'
import { ChoiceGroup } from '../../components/choice-group'
import { colourWord } from '../../components/colour-tag'
import { roleProps } from '../../components/a11y'
import { LoadFailed, Loading } from '../../components/page-state'
import { formatTime } from '../../format'
import { param } from '../../routes'
import { redirectIfSignedOut, useStaffUser } from '../../staff/use-staff'
import { ErrorBox } from '../parts'
import { caseworkRoutes } from '../routes'
import '../casework.css'

const originLabel: Record<ChildStaffView['origin'], string> = { survey: '摸排建档', import: '台账导入', entrustment: '委托照护核实后建档', report: '从村民反映建档' }

/** The lines compared side by side: a summary only, the ID number masked as everywhere. */
const lines: { key: string; label: string; of: (c: ChildStaffView) => string }[] = [
  { key: 'name', label: '姓名', of: (c) => c.name },
  { key: 'sex', label: '性别', of: (c) => personSexLabel[c.sex] },
  { key: 'birth', label: '出生日期', of: (c) => c.birthDate },
  { key: 'id', label: '身份证号', of: (c) => c.idMasked ?? '未登记' },
  { key: 'village', label: '村（社区）', of: (c) => c.villageName },
  { key: 'colour', label: '风险等级', of: (c) => colourWord[c.grade.colour] },
  { key: 'school', label: '上学', of: (c) => `${schoolStageLabel[c.schooling.stage]}${c.schooling.school ? ` · ${c.schooling.school}` : ''}` },
  { key: 'caregiver', label: '照护人', of: (c) => (c.caregiver ? `${c.caregiver.name}（${caregiverRelationshipLabel[c.caregiver.relationship]}）` : '未登记') },
  { key: 'categories', label: '关爱类别', of: (c) => (c.categories.length ? c.categories.map((k) => k.label).join('、') : '暂无') },
  { key: 'problems', label: '未解决的问题', of: (c) => `${c.openProblems} 个` },
  { key: 'created', label: '建档', of: (c) => `${originLabel[c.origin]} · ${formatTime(c.createdAt)}` },
]

/**
 * 合并: two files that may be one child, side by side, and a merge only when the director
 * decides, after a confirmation that says what will happen (一人一档, 004 #8). The file with
 * an ID number is kept; two different ID numbers are two children and cannot be merged.
 */
export default function MergeFiles() {
  const user = useStaffUser()
  const params = useRouter().params
  const id = param(params.id)
  const otherId = param(params.other)
  const [files, setFiles] = useState<[ChildStaffView, ChildStaffView] | null>(null)
  const [loadError, setLoadError] = useState('')
  const [keep, setKeep] = useState<'a' | 'b' | ''>('')
  const [confirming, setConfirming] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState('')

  const load = useCallback(async () => {
    if (!id || !otherId) return setLoadError('没有找到要对比的档案，请返回后重试')
    setLoadError('')
    try {
      const [a, b] = await Promise.all([childEndpoints.get(id), childEndpoints.get(otherId)])
      setFiles([a, b])
      // The file with an ID number is the one kept; otherwise the one the director came from.
      setKeep(b.idMasked && !a.idMasked ? 'b' : 'a')
    } catch (e) {
      if (!redirectIfSignedOut(e)) setLoadError(errorText(e))
    }
  }, [id, otherId])
  useDidShow(() => void load())

  if (!user) return <View className='page' />
  if (loadError) return <LoadFailed id='merge-error' message={loadError} onRetry={() => void load()} />
  if (!files) return <Loading />
  const [a, b] = files
  const twoIds = Boolean(a.idMasked && b.idMasked)
  const gone = a.mergedInto || b.mergedInto || a.closed || b.closed
  const kept = keep === 'b' ? b : a
  const other = keep === 'b' ? a : b
  const fixedKeep = Boolean(a.idMasked) !== Boolean(b.idMasked)

  async function merge() {
    if (busy) return
    setBusy(true)
    setError('')
    try {
      const saved = await childMoveEndpoints.merge(kept.id, { otherId: other.id, version: kept.version, otherVersion: other.version })
      await Taro.redirectTo({ url: caseworkRoutes.child(saved.id) })
    } catch (e) {
      if (redirectIfSignedOut(e)) return
      setError(errorText(e))
      setConfirming(false)
      // The files may have changed: show them as they are now.
      void load()
    } finally {
      setBusy(false)
    }
  }

  return (
    <View className='page'>
      <Text className='title'>这两份档案是同一个孩子吗？</Text>
      <Text className='hint'>请对照下面的情况，必要时打电话或上门核实。是同一个孩子时才合并；不是的话，两份档案照常保留。</Text>

      <View id='merge-compare' className='section' {...roleProps('table', { label: '两份档案对比' })}>
        <View className='cw-kv' {...roleProps('row')}>
          <Text className='cw-kv-key' {...roleProps('columnheader')}>
            项目
          </Text>
          <Text id='merge-col-a' className='cw-kv-value label' {...roleProps('columnheader')}>
            档案一{keep === 'a' ? '（保留）' : ''}
          </Text>
          <Text id='merge-col-b' className='cw-kv-value label' {...roleProps('columnheader')}>
            档案二{keep === 'b' ? '（保留）' : ''}
          </Text>
        </View>
        {lines.map((l) => {
          const va = l.of(a)
          const vb = l.of(b)
          return (
            <View key={l.key} id={`merge-line-${l.key}`} className='cw-kv' data-same={va === vb ? 'true' : 'false'} {...roleProps('row')}>
              <Text className='cw-kv-key' {...roleProps('rowheader')}>
                {l.label}
              </Text>
              <Text className='cw-kv-value' {...roleProps('cell')}>
                {va}
              </Text>
              <Text className={`cw-kv-value ${va === vb ? '' : 'label'}`} {...roleProps('cell')}>
                {vb}
              </Text>
            </View>
          )
        })}
      </View>

      <ErrorBox id='merge-action-error' message={error} />
      {gone && (
        <View id='merge-not-possible' className='notice'>
          <Text>其中一份档案已经合并或结档，不能再合并。</Text>
        </View>
      )}
      {!gone && twoIds && (
        <View id='merge-two-ids' className='notice'>
          <Text>两份档案都登记了身份证号，身份证号不同就是两个孩子，不能合并。如果有一份的身份证号登记错了，请先在那份档案里改正。</Text>
        </View>
      )}
      {!gone && !twoIds && (
        <View className='section'>
          <Text className='label'>保留哪一份</Text>
          {fixedKeep ? (
            <Text id='merge-keep-fixed' className='hint'>
              保留有身份证号的{keep === 'a' ? '档案一' : '档案二'}，另一份并入它。
            </Text>
          ) : (
            <ChoiceGroup idPrefix='merge-keep' label='保留哪一份' options={['a', 'b'] as const} labels={{ a: `档案一（${a.villageName}）`, b: `档案二（${b.villageName}）` }} value={keep} onChange={(k) => (setKeep(k), setConfirming(false))} />
          )}
          {!confirming && (
            <View className='cw-links'>
              <ActionButton id='merge-start' kind='primary' onClick={() => setConfirming(true)}>
                是同一个孩子，合并
              </ActionButton>
              <ActionButton id='merge-not-same' onClick={() => Taro.navigateBack()}>
                不是同一个孩子
              </ActionButton>
            </View>
          )}
          {confirming && (
            <View id='merge-confirm' className='error-box' {...roleProps('alertdialog', { label: '确认合并' })}>
              <Text className='label'>确定合并吗？合并后不能撤销。</Text>
              <Text>
                保留{keep === 'a' ? '档案一' : '档案二'}（{kept.villageName}）。另一份档案的关爱类别、关联的反映、委托照护和补贴申请、发现的问题、走访和全部经历都并入保留的档案；另一份不再出现在任何名单上，只留下「已合并」的记录。
              </Text>
              <View className='cw-links'>
                <ActionButton id='merge-confirm-yes' kind='danger' disabled={busy} onClick={() => merge()}>
                  {busy ? '正在合并…' : '确认合并'}
                </ActionButton>
                <ActionButton id='merge-confirm-no' onClick={() => setConfirming(false)}>
                  取消
                </ActionButton>
              </View>
            </View>
          )}
        </View>
      )}
    </View>
  )
}
