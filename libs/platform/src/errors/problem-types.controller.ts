import { Controller, Get, Header, Param } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../auth/decorators';
import { ApiProblem } from './problem';
import { PROBLEM_CODE_PATTERN, PROBLEM_TYPES, problemType } from './problem-types';

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`).replace(/`([^`]*)`/g, '<code>$1</code>');

const page = (title: string, body: string) =>
  `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${title}</title></head>` +
  `<body>${body}</body></html>\n`;

const RULE_NOTE =
  'Other codes name a business rule that refused the command: 400 when the command ' +
  'contradicts a rule whatever the state (`errors` names the field), 404 when what it names ' +
  'does not exist, 409 when the current state forbids it (`state` names the state). The ' +
  '`detail` member explains the case.';

/** The page every problem `type` URI resolves to. */
@ApiExcludeController()
@Public()
@Controller('problems')
export class ProblemTypesController {
  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  list(): string {
    const rows = Object.entries(PROBLEM_TYPES)
      .map(
        ([code, t]) =>
          `<tr id="${code}"><td><a href="${problemType(code)}"><code>${code}</code></a></td>` +
          `<td>${t.status}</td><td>${escape(t.title)}</td><td>${escape(t.meaning)}</td></tr>`,
      )
      .join('\n');
    return page(
      'Problem types',
      `<h1>Problem types</h1><p>Every error is <code>application/problem+json</code> (RFC 9457); ` +
        `its <code>type</code> is one of these.</p>` +
        `<table><tr><th>type</th><th>status</th><th>title</th><th>meaning</th></tr>\n${rows}</table>` +
        `<h2 id="business-rules">Business rules</h2><p>${escape(RULE_NOTE)}</p>`,
    );
  }

  @Get(':code')
  @Header('Content-Type', 'text/html; charset=utf-8')
  one(@Param('code') code: string): string {
    if (!PROBLEM_CODE_PATTERN.test(code))
      throw new ApiProblem(404, 'not-found', 'Not found', 'No such problem type.');
    const known = PROBLEM_TYPES[code];
    const text = known
      ? `<p>Status ${known.status}: ${escape(known.title)}.</p><p>${escape(known.meaning)}</p>`
      : `<p>A business rule of the domain.</p><p>${escape(RULE_NOTE)}</p>`;
    return page(
      code,
      `<h1><code>${code}</code></h1>${text}<p><a href="/problems">All problem types</a></p>`,
    );
  }
}
