import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { pressable } from '../../components/a11y'
import { ChoiceGroup } from '../../components/choice-group'
import { FieldInput } from '../../components/field-input'
import { matchVillages, townshipOf, villageCount, type VillageGroup } from './village-choices'

/** Above this many villages the open filter offers a name search (a township has dozens). */
const SEARCH_FROM = 8

/**
 * Puts the focus back on the 「按村筛选」 control once the choices close: the chip that had it is
 * gone, and a keyboard or screen-reader user would otherwise be sent back to the top of the page.
 */
function focusToggle(id: string): void {
  if (process.env.TARO_ENV !== 'h5') return
  setTimeout(() => document.getElementById(id)?.focus(), 0)
}

/**
 * 「按村筛选：全部 ▾」: one line above the children list that opens the choice of village on tap.
 * A county has about two hundred villages; shown as chips they pushed the first child five
 * screens down. Open, a township officer sees their villages; a county officer their townships,
 * each opening its villages, and either can find a village by name. Choosing one closes it.
 */
export function VillageFilter({ groups, value, valueName, onChange }: { groups: VillageGroup[]; value: string; valueName: string; onChange: (code: string) => void }) {
  const [open, setOpen] = useState(false)
  // The county's township whose villages are shown (one at a time keeps the open list short).
  const [town, setTown] = useState('')
  const [query, setQuery] = useState('')
  const toggleId = 'children-village-toggle'
  const byTownship = groups.length > 1
  const q = query.trim()
  const found = matchVillages(groups, q)

  const choose = (code: string) => {
    onChange(code)
    setOpen(false)
    setQuery('')
    focusToggle(toggleId)
  }
  const toggle = () => {
    if (!open && value) setTown(townshipOf(value))
    setOpen(!open)
  }
  const villageChoices = (idLabel: string, villages: { code: string; label: string }[], withAll: boolean) => (
    <ChoiceGroup
      idPrefix='children-village'
      label={idLabel}
      options={[...(withAll ? ['all'] : []), ...villages.map((v) => v.code)]}
      labels={{ all: '全部村', ...Object.fromEntries(villages.map((v) => [v.code, v.label])) }}
      value={value || 'all'}
      onChange={(v) => choose(v === 'all' ? '' : v)}
    />
  )

  return (
    <View id='children-village-filter' className='cw-filter-row'>
      <View id={toggleId} className='cw-select' {...pressable(toggle, 'button', { expanded: open })}>
        <Text>按村筛选：{value ? valueName : '全部'}</Text>
        <Text className='cw-select-arrow' aria-hidden='true'>
          {open ? '▲' : '▼'}
        </Text>
      </View>
      {open && (
        <View id='children-village-panel' className='cw-select-panel'>
          {villageCount(groups) > SEARCH_FROM && (
            <FieldInput id='children-village-search' className='input picker-search' value={query} placeholder='输入村名查找，例如“丁湖”' a11y={{ 'aria-label': '按村名查找' }} onInput={(e) => setQuery(e.detail.value)} />
          )}
          {q ? (
            found.length ? (
              villageChoices(
                `名字里带“${q}”的村`,
                found.map((m) => ({ code: m.village.code, label: byTownship ? `${m.village.name}（${m.town.name}）` : m.village.name })),
                false,
              )
            ) : (
              <Text id='children-village-no-match' className='hint' aria-live='polite'>
                没有名字里带“{q}”的村，请换个字试试。
              </Text>
            )
          ) : byTownship ? (
            <>
              {villageChoices('全部村', [], true)}
              {groups.map((g) => {
                const shown = town === g.town.code
                return (
                  <View key={g.town.code}>
                    <View id={`children-village-town-${g.town.code}`} className='row' {...pressable(() => setTown(shown ? '' : g.town.code), 'button', { expanded: shown })}>
                      <Text className='row-text'>
                        {g.town.name}（{g.villages.length} 个村）
                      </Text>
                      <Text className='row-arrow' aria-hidden='true'>
                        {shown ? '▲' : '▼'}
                      </Text>
                    </View>
                    {shown && <View className='cw-select-villages'>{villageChoices(`${g.town.name}的村`, g.villages.map((v) => ({ code: v.code, label: v.name })), false)}</View>}
                  </View>
                )
              })}
            </>
          ) : (
            villageChoices('村（社区）', (groups[0]?.villages ?? []).map((v) => ({ code: v.code, label: v.name })), true)
          )}
        </View>
      )}
    </View>
  )
}
