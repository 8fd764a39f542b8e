import { View, Text } from '@tarojs/components'
import { type ReferralEvent, type SharedFact, referralOutcomeLabel, type ReferralOutcome } from '@shouhu/shared'
import { formatTime } from '../format'

/** The facts shared with the department, one labelled line each: all the department ever sees of the child. */
export function SharedFacts({ facts }: { facts: readonly SharedFact[] }) {
  return (
    <View id='referral-facts-shared' className='section'>
      <Text className='section-title'>转介时告诉部门的信息</Text>
      {facts.map((f) => (
        <View key={f.fact} id={`referral-shared-${f.fact}`} className='cw-kv'>
          <Text className='cw-kv-key'>{f.label}</Text>
          <Text className='cw-kv-value'>{f.value}</Text>
        </View>
      ))}
    </View>
  )
}

export function Outcome({ outcome }: { outcome?: { kind: ReferralOutcome; text: string; at: string; byName: string } }) {
  if (!outcome) return null
  return (
    <View id='referral-outcome' className='section'>
      <Text className='section-title'>办理结果</Text>
      <Text className='label'>{referralOutcomeLabel[outcome.kind]}</Text>
      <Text>{outcome.text}</Text>
      <Text className='hint'>
        {formatTime(outcome.at)} · {outcome.byName}
      </Text>
    </View>
  )
}

export function Events({ events }: { events: readonly ReferralEvent[] }) {
  return (
    <View id='referral-events' className='section'>
      <Text className='section-title'>经过（最早的在前）</Text>
      {events.map((e, i) => (
        <View key={`${e.at}-${i}`} className='cw-timeline-entry' data-kind={e.kind}>
          <Text className='hint'>
            {formatTime(e.at)}
            {e.byUnit ? ` · ${e.byUnit}` : ''}
          </Text>
          <Text>{e.text}</Text>
        </View>
      ))}
    </View>
  )
}
