import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { hotlines } from '@shouhu/shared'

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
      <a id={id} className='hotline' href={`tel:${number}`} aria-label={`拨打 ${number} ${label}`}>
        <span>{label}</span>
        <span className='hotline-number'>{number}</span>
      </a>
    )
  }
  return (
    <View id={id} className='hotline' onClick={() => void Taro.makePhoneCall({ phoneNumber: number }).catch(() => {})}>
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
