/// <reference types="@tarojs/taro" />

declare module '*.png'
declare module '*.svg'
declare module '*.css'

declare namespace NodeJS {
  interface ProcessEnv {
    NODE_ENV: 'development' | 'production' | 'test'
    /** Platform being built; constant-folded by the Taro build. */
    TARO_ENV: 'weapp' | 'h5' | 'swan' | 'alipay' | 'tt' | 'qq' | 'jd' | 'harmony' | 'rn'
    /** API base URL, e.g. `https://api.example.cn/api`. Empty: same-origin `/api` (H5). */
    TARO_APP_API_BASE?: string
    TARO_APP_ID?: string
  }
}
