import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import {
  type CaregiverRelationship,
  type Entrustment,
  caregiverHealthLabel,
  contactFrequencyLabel,
  officeName,
  contactMethodLabel,
  maskIdNumber,
  maskPhone,
  parentRelationLabel,
  personSexLabel,
  unableToGuardLabel,
  visitOutcomeLabel,
  livingParents,
} from '@shouhu/shared'
import { codesOf, divisionNames } from '../views/entrustments'
import { HttpError } from '../errors'
import { letterAvailable, letterUnavailableMessage } from './lazy'

/**
 * 委托照护书: the entrustment letter, one signed for each child (逐一签订委托照护书, 004 #5).
 * `entrustmentLetter` decides what is printed (pure, tested); `renderEntrustmentLetterPdf` lays
 * it out with pdfkit and Noto Sans (Simplified Chinese), subset into the file.
 *
 * ID and phone numbers stay masked here too, although the parties sign it. Decided because: the
 * PDF is a file that leaves the system (saved on phones, forwarded in chats, printed at a shop),
 * a child's ID number is sensitive personal information (PIPL art. 28, under 14), and nothing
 * on the paper needs the full number — the parties sign in front of the village committee, which
 * checks their ID cards and stamps it, and the letter's reference ties it to the full record the
 * committee already holds. Name, relation, birth date and the last four digits identify each
 * party on the page. (Tested: no full ID or phone number appears on any page.)
 */

/** The caregiver's relation as one plain word, so it sits in a bracket without another inside it. */
const relationOnLetter: Record<CaregiverRelationship, string> = {
  paternal_grandparent: '祖父母',
  maternal_grandparent: '外祖父母',
  adult_sibling: '成年兄姐',
  uncle_aunt: '叔伯姑舅姨',
  other_relative: '其他亲属',
  neighbour_friend: '邻居或朋友',
  other: '其他',
}
export interface LetterBlock {
  heading?: string
  lines: string[]
}
export interface LetterPage {
  title: string
  reference: string
  /** Shown under the title while the arrangement is not in force. */
  draftNote?: string
  blocks: LetterBlock[]
  signatures: string[]
  footer: string
}

type Names = Map<string, string>

export function entrustmentLetter(e: Entrustment, names: Names, now = new Date()): LetterPage[] {
  const place = (code: string) => names.get(code) ?? code
  const cg = e.caregiver
  // Callers check letterAvailable(); should one not, the page says so rather than mislead.
  const draftNote = letterAvailable(e) ? undefined : '本委托目前不在有效期内，本页不能作为委托照护书使用'
  // 丁湖村委会 / 某社区居委会: the template's 「村（居）民委员会」 after a village name doubled 村 (丁湖村村（居）…).
  const committee = officeName('village', place(e.villageCode))
  const parents = e.parents.map((p) => {
    if (p.situation === 'deceased') return `${parentRelationLabel[p.relation]}：${p.name}，已去世`
    const who = `${parentRelationLabel[p.relation]}：${p.name}${p.phone ? `，手机 ${maskPhone(p.phone)}` : ''}`
    if (p.situation === 'working_away') {
      return `${who}，在${place(p.workplaceCode)}务工，自 ${p.awaySince} 起${p.expectedReturn ? `，预计 ${p.expectedReturn} 返乡` : ''}`
    }
    return p.canGuard ? `${who}，在家` : `${who}，因${unableToGuardLabel[p.unableReason ?? 'other_restriction']}不能照护孩子`
  })
  const plan = `${contactFrequencyLabel[e.contactPlan.frequency]}${e.contactPlan.methods.map((m) => contactMethodLabel[m]).join('或')}`
  const verification = e.lastVisit
    ? `${committee}已于 ${e.lastVisit.visitedOn} 上门核实：${visitOutcomeLabel[e.lastVisit.outcome]}。`
    : `${committee}将上门核实照护情况。`

  return e.children.map((c) => ({
    title: '委托照护书',
    reference: `编号 ${e.reference}-${c.childId}`,
    draftNote,
    blocks: [
      { heading: '委托人（孩子的父母）', lines: parents },
      {
        heading: '受委托照护人',
        lines: [
          `${cg.name}（${relationOnLetter[cg.relationship]}），出生日期 ${cg.birthDate}，身份证号 ${maskIdNumber(cg.idNumber)}`,
          `手机 ${maskPhone(cg.phone)}，健康状况：${caregiverHealthLabel[cg.health]}，${cg.livesWithChild ? '与孩子同住' : '不与孩子同住'}`,
        ],
      },
      {
        heading: '被照护的孩子',
        lines: [
          `${c.name}，${personSexLabel[c.sex]}，${c.birthDate} 出生，身份证号 ${maskIdNumber(c.idNumber)}`,
          `实际居住：${place(e.townshipCode)}${place(e.villageCode)}${c.school ? `；就读学校：${c.school.name}` : ''}`,
        ],
      },
      { heading: '委托期限', lines: [`自 ${e.startDate} 至 ${e.endDate}`] },
      {
        heading: '约定',
        lines: [
          '一、委托人因外出务工等原因不能履行监护职责，委托受委托人代为照护孩子，照护孩子的日常生活、安全和学习。父母仍是孩子的法定监护人。',
          `二、父母承诺${plan}和孩子联系，关心孩子的生活、学习和心理，外出期间保持电话畅通。`,
          `三、委托人已将委托照护情况告知${committee}和孩子就读的学校。`,
          `四、受委托人发现孩子受到伤害、走失或处于危险中，应立即拨打 110 报警，并告知${committee}和委托人。`,
          `五、${committee}核实并监督委托照护情况；发现受委托人缺乏照护能力或不能有效履行照护职责的，告知委托人重新选择受委托人。`,
          `核实情况：${verification}`,
          ...(e.startedBy ? [`本委托由${e.startedBy.unit}${e.startedBy.name}协助办理。`] : []),
        ],
      },
    ],
    signatures: [...livingParents(e.parents).map((p) => `委托人（${parentRelationLabel[p.relation]}）签字：`), '受委托照护人签字：', `${committee}（盖章）：`, '日期：'],
    // The letter is a document families carry: it names no category of child (004 §7(四)).
    footer: `由守护儿童关爱服务生成于 ${now.toISOString().slice(0, 10)}。手机号和身份证号已隐藏部分号码。`,
  }))
}

const require = createRequire(import.meta.url)

/**
 * Noto Sans Hans from `@embedpdf/fonts-sc`. A bundled Lambda has no node_modules: there the font
 * is shipped beside the bundle and PDF_FONT_FILE names it (infra/lib/api.ts).
 */
function fontPath(): string {
  const configured = process.env.PDF_FONT_FILE
  if (configured) {
    if (!existsSync(configured)) throw new Error(`PDF_FONT_FILE ${configured} does not exist`)
    return configured
  }
  return join(dirname(require.resolve('@embedpdf/fonts-sc')), '../fonts/NotoSansHans-Regular.otf')
}

// 8 MB: read once per process, pdfkit subsets it into each document.
let font: Buffer | undefined
const fontData = () => (font ??= readFileSync(fontPath()))

export async function renderEntrustmentLetterPdf(pages: LetterPage[]): Promise<Buffer> {
  // Imported here, not at the top: on Lambda pdfkit is installed beside the bundle (infra/lib/api.ts)
  // and a static import would load it on every cold start, letter or not.
  const { default: PDFDocument } = await import('pdfkit')
  // The CJK font is the document's default font too: pdfkit then never loads its built-in
  // Helvetica, whose metrics files a bundled Lambda does not carry.
  const doc = new PDFDocument({ size: 'A4', margin: 56, autoFirstPage: false, font: fontData() as unknown as string, info: { Title: '委托照护书', Producer: '守护 Shouhu' } })
  const chunks: Buffer[] = []
  doc.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
  doc.registerFont('cjk', fontData())
  for (const page of pages) {
    doc.addPage()
    doc.font('cjk')
    doc.fontSize(20).text(page.title, { align: 'center' })
    doc.moveDown(0.2).fontSize(9).fillColor('#555555').text(page.reference, { align: 'center' })
    if (page.draftNote) doc.moveDown(0.1).fillColor('#a31d14').text(page.draftNote, { align: 'center' })
    doc.fillColor('#000000').moveDown(0.6)
    for (const block of page.blocks) {
      if (block.heading) doc.fontSize(12).text(block.heading).moveDown(0.1)
      doc.fontSize(10)
      for (const line of block.lines) doc.text(line, { lineGap: 2 })
      doc.moveDown(0.4)
    }
    // Two signatures to a row, with room to sign by hand.
    doc.moveDown(0.4).fontSize(10)
    const left = doc.page.margins.left
    const half = (doc.page.width - left - doc.page.margins.right) / 2
    for (let i = 0; i < page.signatures.length; i += 2) {
      const y = doc.y
      doc.text(`${page.signatures[i]}`, left, y, { width: half })
      if (page.signatures[i + 1]) doc.text(`${page.signatures[i + 1]}`, left + half, y, { width: half })
      doc.x = left
      doc.moveDown(2)
    }
    doc.fontSize(8).fillColor('#777777').text(page.footer, left, doc.y).fillColor('#000000')
  }
  doc.end()
  return done
}

/** The letter as an HTTP answer: a PDF download, never cached (it carries personal data). */
export async function letterResponse(e: Entrustment): Promise<Response> {
  if (!letterAvailable(e)) throw new HttpError('INVALID_TRANSITION', letterUnavailableMessage)
  const pdf = await renderEntrustmentLetterPdf(entrustmentLetter(e, await divisionNames(codesOf(e))))
  return new Response(new Uint8Array(pdf), {
    headers: {
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="entrustment-letter-${e.reference}.pdf"`,
      'cache-control': 'no-store',
    },
  })
}
