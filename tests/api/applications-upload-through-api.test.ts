import { describe, expect, it } from 'vitest'
import { residentToken, useApi } from '../support/api-harness'
import { useDocuments } from '../support/s3'

/**
 * Go-live (issue #10): inside WeChat a photo of a paper goes through the county's own API
 * domain (`wx.uploadFile`), since WeChat will not upload to an AWS host. The API checks the
 * bytes really are a photo and stores them where a presigned upload would have gone.
 */
useApi()
const s3 = useDocuments()

const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xd9])

async function upload(token: string, form: FormData) {
  const { app } = await import('../../functions/src/app')
  const res = await app.request('/api/applications/uploads/file', { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form })
  return { status: res.status, body: (await res.json()) as Record<string, any> }
}

describe('a photo uploaded through the API', () => {
  it('is stored under the resident\'s incoming folder with the type its bytes show, and can be attached', async () => {
    const token = await residentToken('upload-api')
    const form = new FormData()
    form.set('kind', 'household_register')
    form.set('file', new Blob([JPEG], { type: 'application/octet-stream' }), 'photo.bin')
    const res = await upload(token, form)
    expect(res.status).toBe(201)
    expect(res.body.kind).toBe('household_register')
    expect(res.body.key).toMatch(/^incoming\/[0-9A-Z]+\/[0-9a-f-]+\.jpg$/)
    const stored = await fetch(`${s3.endpoint}/${s3.bucket}/${res.body.key}`)
    expect(stored.status).toBe(200)
    expect(new Uint8Array(await stored.arrayBuffer())).toEqual(JPEG)
    const { checkUpload } = await import('../../functions/src/data/documents')
    const me = await (await import('../support/api-harness')).call('GET', '/me', { token })
    expect(await checkUpload(me.body.id, res.body.key)).toMatchObject({ ok: true, contentType: 'image/jpeg' })
  })

  it('refuses what is not a photo, an unknown kind and a missing file, naming the field in Chinese', async () => {
    const token = await residentToken('upload-api-bad')
    const text = new FormData()
    text.set('kind', 'household_register')
    text.set('file', new Blob(['hello']), 'a.jpg')
    const notImage = await upload(token, text)
    expect(notImage.status).toBe(400)
    expect(notImage.body.error.fields[0]).toMatchObject({ field: 'file', message: '材料照片：只能上传照片（JPG 或 PNG）' })
    const noKind = new FormData()
    noKind.set('kind', 'x'.repeat(3000))
    noKind.set('file', new Blob([JPEG]), 'a.jpg')
    expect((await upload(token, noKind)).body.error.fields[0].field).toBe('kind')
    const noFile = new FormData()
    noFile.set('kind', 'household_register')
    expect((await upload(token, noFile)).body.error.fields[0].field).toBe('file')
  })
})
