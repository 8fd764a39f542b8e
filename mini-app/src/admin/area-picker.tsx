import { useEffect, useState } from 'react'
import { View, Text } from '@tarojs/components'
import { type Division, type DivisionLevel, levelOf } from '@shouhu/shared'
import { endpoints, errorText } from '../api/client'
import { ActionButton } from '../components/action-button'
import { activatable } from './keyboard'

/**
 * Picks a division inside the administrator's own area, down to `level`: a county officer
 * starts at their townships, a township supervisor at their villages. Each level is fetched
 * when opened (divisions are never bundled).
 */
export function AreaPicker({ root, level, value, onChange }: { root: string; level: DivisionLevel; value: string; onChange: (code: string, name: string) => void }) {
  const [path, setPath] = useState<Division[]>([])
  const [options, setOptions] = useState<Division[] | null>(null)
  const [error, setError] = useState('')
  const parent = path.length ? path[path.length - 1]!.code : root
  const done = levelOf(root) === level || (path.length > 0 && path[path.length - 1]!.level === level)

  useEffect(() => {
    if (done) return
    setOptions(null)
    setError('')
    endpoints
      .divisions(parent)
      .then((r) => setOptions(r.items))
      .catch((e) => setError(errorText(e)))
  }, [parent, done])

  useEffect(() => {
    if (levelOf(root) === level && value !== root) onChange(root, '')
  }, [root, level])

  function choose(d: Division) {
    setPath([...path, d])
    if (d.level === level) onChange(d.code, d.name)
  }

  if (levelOf(root) === level) return <Text className='hint'>本级（{root === value ? '已选' : ''}）</Text>
  return (
    <View className='section' role='group' aria-label='选择所在地'>
      {path.length > 0 && (
        <View className='head-bar'>
          <Text id='area-path'>{path.map((d) => d.name).join(' / ')}</Text>
          <ActionButton
            id='area-back'
            size='small'
            onClick={() => {
              setPath(path.slice(0, -1))
              onChange('', '')
            }}
          >
            重选
          </ActionButton>
        </View>
      )}
      {!done && error && <Text className='error-text'>{error}</Text>}
      {!done && !options && !error && <Text className='hint'>正在加载…</Text>}
      {!done && options && (
        <View className='chips' role='radiogroup'>
          {options.map((d) => (
            <View
              key={d.code}
              id={`area-${d.code}`}
              className='choice'
              role='radio'
              aria-checked={false}
              {...activatable(() => choose(d))}
              onClick={() => choose(d)}
            >
              {d.name}
            </View>
          ))}
        </View>
      )}
    </View>
  )
}
