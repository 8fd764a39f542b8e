import { View, Text } from '@tarojs/components'
import { colourLabel, type Notification } from '@shouhu/shared'
import { formatTime } from '../format'
import { tapTarget } from './a11y'

/**
 * Messages as rows, one shape on every page that lists them: a tap opens the message's page
 * (see openNotification), an unread row stands out. The risk colour is shown only to village,
 * township and county staff: a department never sees it, nor does a family.
 */
export function MessageRows({ idPrefix, items, onOpen, showColour = false, showRead = false }: { idPrefix: string; items: Notification[]; onOpen: (n: Notification) => unknown; showColour?: boolean; showRead?: boolean }) {
  return (
    <>
      {items.map((n) => (
        <View key={n.id} id={`${idPrefix}-${n.id}`} className={`item ${n.readAt ? '' : 'unread'}`} {...tapTarget('link')} onClick={() => void onOpen(n)}>
          <View className='item-head'>
            <Text className='label'>{n.title}</Text>
            {showColour && n.colour && <Text className={`chip chip-${n.colour}`}>{colourLabel[n.colour]}</Text>}
          </View>
          <Text>{n.body}</Text>
          <Text className='hint'>
            {formatTime(n.createdAt)}
            {showRead ? (n.readAt ? ' · 已读' : ' · 未读') : ''}
          </Text>
        </View>
      ))}
    </>
  )
}
