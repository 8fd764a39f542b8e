import { View, Text } from '@tarojs/components'
import { personSexLabel, type FamilyEntrustmentView } from '@shouhu/shared'

/**
 * The children an entrustment is for, as a family sees them (the parent's page and the
 * caregiver's invitation): name, sex, birth date and school, and the village. No category and
 * no masked ID here: a family screen never labels a child (004 §7(四)).
 */
export function EntrustedChildren({ view, title }: { view: Pick<FamilyEntrustmentView, 'children' | 'townshipName' | 'villageName'>; title: string }) {
  return (
    <View className='section'>
      <Text className='section-title'>{title}</Text>
      {view.children.map((c) => (
        <View key={c.childId} className='kv'>
          <Text className='kv-key'>{c.name}</Text>
          <Text className='kv-value'>
            {personSexLabel[c.sex]}，{c.birthDate} 出生{c.schoolName ? `，${c.schoolName}` : ''}
          </Text>
        </View>
      ))}
      <Text className='hint'>
        {view.townshipName} {view.villageName}
      </Text>
    </View>
  )
}
