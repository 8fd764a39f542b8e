import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { hotlines } from '@shouhu/shared'
import { pressable } from './a11y'

interface HotlineCallProps {
  number: string
  label: string
  /** Prefix of the element id; the id is `<prefix>-<number>`. */
  idPrefix?: string
}

/**
 * A phone number that dials when tapped. On H5 it is a real `tel:` link so the browser (and
 * anyone reading the page) sees it as a number to call; WeChat dials with makePhoneCall.
 */
export function HotlineCall({ number, label, idPrefix = 'hotline' }: HotlineCallProps) {
  const id = `${idPrefix}-${number}`
  if (process.env.TARO_ENV === 'h5') {
    return (
      // The visible words are the link's name (label, then number), so voice control users can
      // say what they see; `title` adds that a tap dials.
      <a id={id} className='hotline' href={`tel:${number}`} title={`点击拨打 ${number}`}>
        <span>{label}</span> <span className='hotline-number'>{number}</span>
      </a>
    )
  }
  return (
    <View id={id} className='hotline' {...pressable(() => Taro.makePhoneCall({ phoneNumber: number }).catch(() => {}), 'link', { label: `${label} ${number}，点击拨打` })}>
      <Text>{label}</Text>
      <Text className='hotline-number'>{number}</Text>
    </View>
  )
}

/** All hotlines from shared (110, 12355, 12338), for page footers. */
export function HotlineFooter() {
  return (
    <View className='hotlines'>
      <Text className='hint'>遇到紧急情况请直接拨打电话（点击号码即可拨打）：</Text>
      <View className='spacer' />
      {hotlines.map((h) => (
        <HotlineCall key={h.number} number={h.number} label={h.label} />
      ))}
    </View>
  )
}
