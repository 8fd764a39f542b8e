import type Chain from 'webpack-chain'

/** Whether @babel/preset-react is installed (then Babel compiles JSX as Taro expects). */
export declare const hasReactPreset: boolean
/** Adds an esbuild pre-loader for src/**\/*.tsx when @babel/preset-react is missing. */
export declare function compileJsxWithEsbuild(chain: Chain): void
