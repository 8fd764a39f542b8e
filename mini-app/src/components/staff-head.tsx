import type { ReactNode } from 'react'
import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { roleLabel, type SessionUser } from '@shouhu/shared'
import { routes } from '../routes'
import { signOut } from '../session'
import { Pressable } from './pressable'

/**
 * Who is signed in, and sign-out: the top of every staff list page. `action` takes the place of
 * sign-out where the page is one step from the workbench (「返回工作台」).
 */
export function StaffHead({ user, action }: { user: SessionUser; action?: ReactNode }) {
  return (
    <View className='head-bar'>
      <View>
        <Text id='staff-name' className='label'>
          {user.displayName}
        </Text>
        <Text className='hint'>
          {roleLabel[user.role]}
          {user.divisionName ? ` · ${user.divisionName}` : ''}
        </Text>
      </View>
      {action ?? (
        <Pressable
          id='staff-logout'
          className='link'
          label='退出登录'
          onPress={() => {
            signOut('staff')
            void Taro.reLaunch({ url: routes.staffLogin })
          }}
        >
          退出
        </Pressable>
      )}
    </View>
  )
}
