import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { TEMPORARY_GUARDIANSHIP_LABEL, personSexLabel, type ChildListItem } from '@shouhu/shared'
import { ColourTag } from '../components/colour-tag'
import { Pressable } from '../components/pressable'
import { ActionButton } from '../components/action-button'
import { routes } from '../routes'
import { caseworkRoutes } from './routes'
import { dueText, whenText } from './plain'

export { StaffHead } from '../components/staff-head'

/**
 * One child in a list: a tap on the card opens what is due (the visit form, or the file's
 * intervention panel for a red child); 「档案」 opens the file.
 */
export function ChildCard({ idPrefix, child, today }: { idPrefix: string; child: ChildListItem; today: string }) {
  const next = child.next
  const open = () => {
    if (next?.kind === 'intervention') return Taro.navigateTo({ url: caseworkRoutes.child(child.id, 'intervention') })
    return Taro.navigateTo({ url: caseworkRoutes.visit(child.id, child.name) })
  }
  const late = next ? next.dueOn < today || child.overdue : false
  return (
    <View id={`${idPrefix}-${child.id}`} className={`cw-card cw-card-${child.colour}`} data-colour={child.colour} data-overdue={late ? 'true' : 'false'}>
      <Pressable
        id={`${idPrefix}-${child.id}-open`}
        className='cw-card-main'
        role='link'
        onPress={() => void open()}
      >
        <View className='cw-card-line'>
          <Text className='cw-name'>{child.name}</Text>
          <ColourTag colour={child.colour} short />
          {child.temporaryGuardianship && (
            <Text id={`child-row-guardianship-${child.id}`} className='chip chip-red'>
              {TEMPORARY_GUARDIANSHIP_LABEL}
            </Text>
          )}
        </View>
        <Text className='hint'>
          {child.villageName} · {personSexLabel[child.sex]} · {child.age} 岁
          {child.gradePending ? ' · 等级待乡镇确认' : ''}
          {child.epidemic ? ' · 疫情随访中' : ''}
          {child.openProblems > 0 ? ` · ${child.openProblems} 个问题未解决` : ''}
        </Text>
        {next ? (
          <>
            <Text className='cw-due'>{dueText(next, child.colour)}</Text>
            <Text className={late ? 'cw-when-overdue' : 'hint'}>{whenText(next.dueOn, today, late)}</Text>
          </>
        ) : (
          <Text className='hint'>暂无到期的走访</Text>
        )}
      </Pressable>
      <View className='cw-card-foot'>
        <ActionButton id={`${idPrefix}-${child.id}-file`} size='small' onClick={() => void Taro.navigateTo({ url: caseworkRoutes.child(child.id) })}>
          查看档案
        </ActionButton>
      </View>
    </View>
  )
}

export { ErrorBox } from '../components/error-box'
