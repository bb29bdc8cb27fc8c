/**
 * The file behind a finished report's link: a one-page PDF, or a minimal Word document (the three
 * parts Word needs to open a .docx). It is rebuilt from the job id on every download. The id cannot
 * carry the company name, so the report names its company generically.
 */
import { createTextPdf } from '../../shared/sandbox/pdf.js';
import { createZip } from '../../shared/sandbox/zip.js';
import type { ReportJob, ReportType } from './report-id.js';

export interface ReportFileFormat {
  extension: string;
  contentType: string;
}

const FORMATS: Record<ReportType, ReportFileFormat> = {
  pdf: { extension: 'pdf', contentType: 'application/pdf' },
  word: {
    extension: 'docx',
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  },
};

export function reportFormatOf(type: ReportType): ReportFileFormat {
  return FORMATS[type];
}

/** e.g. enterprise_report_2025_01_15.pdf, after the vendor's `CN108977442B_2024_11_26.docx`. */
export function reportFileName(job: ReportJob, finishedAt: number): string {
  const day = new Date(finishedAt).toISOString().slice(0, 10).replaceAll('-', '_');
  return `enterprise_report_${day}.${FORMATS[job.reportType].extension}`;
}

export function renderReport(job: ReportJob, jobId: string, finishedAt: number): Buffer {
  const lines = reportLines(job, jobId, finishedAt);
  return job.reportType === 'pdf' ? createTextPdf(lines) : createDocx(lines, new Date(finishedAt));
}

function reportLines(job: ReportJob, jobId: string, finishedAt: number): string[] {
  return [
    ...(job.noLogo ? [] : ['PatSnap']),
    'Enterprise Innovation Report (sandbox)',
    '',
    'Company: the company named in the request',
    `Job id: ${jobId}`,
    `Generated: ${new Date(finishedAt).toISOString()}`,
    '',
    'This placeholder stands in for the vendor report; its content is not real data.',
  ];
}

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

function createDocx(lines: readonly string[], modified: Date): Buffer {
  const paragraphs = lines.map(
    (line) => `<w:p><w:r><w:t xml:space="preserve">${escapeXml(line)}</w:t></w:r></w:p>`,
  );
  return createZip(
    [
      {
        name: '[Content_Types].xml',
        data:
          `${XML_DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
          '<Default Extension="xml" ContentType="application/xml"/>' +
          '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>' +
          '</Types>',
      },
      {
        name: '_rels/.rels',
        data:
          `${XML_DECLARATION}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
          '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>' +
          '</Relationships>',
      },
      {
        name: 'word/document.xml',
        data:
          `${XML_DECLARATION}<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` +
          `<w:body>${paragraphs.join('')}</w:body></w:document>`,
      },
    ],
    modified,
  );
}

function escapeXml(text: string): string {
  return text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}
