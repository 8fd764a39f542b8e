// unzipper ships no type declarations; only what xlsx-sheets.ts uses: the zip's central directory.
declare module 'unzipper' {
  import type { Readable } from 'node:stream'
  interface CentralDirectoryFile {
    path: string
    type: 'File' | 'Directory'
    stream(password?: string): Readable
  }
  const unzipper: { Open: { buffer(data: Buffer): Promise<{ files: CentralDirectoryFile[] }> } }
  export default unzipper
}
