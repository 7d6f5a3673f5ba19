import { Controller, Get, Header, Param } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../auth';
import { ApplicationError } from '../common/application-error';
import { CatalogEntry, PROBLEM_CATALOG } from './problem-catalog';
import { problemType } from './problem-details';
import { NoRateLimit } from './rate-limit.guard';

const HTML = 'text/html; charset=utf-8';

/** Where a problem's `type` (`/problems/round-full`) leads: a page that explains the code. */
@Controller('problems')
@Public()
@NoRateLimit()
@ApiExcludeController()
export class ProblemsController {
  @Get()
  @Header('Content-Type', HTML)
  list(): string {
    const entries = [...PROBLEM_CATALOG.values()].sort((a, b) => a.status - b.status || a.code.localeCompare(b.code));
    return page('Deal Room problem types', entries.map((entry) => section(entry, true)).join('\n'));
  }

  @Get(':type')
  @Header('Content-Type', HTML)
  explain(@Param('type') type: string): string {
    const entry = [...PROBLEM_CATALOG.values()].find(({ code }) => problemType(code) === `/problems/${type}`);
    if (!entry) throw new ApplicationError('ROUTE_NOT_FOUND', 404, 'There is no problem type of this name; /problems lists them all.');
    return page(`${entry.code}: ${entry.title}`, section(entry, false));
  }
}

function section({ code, status, title, explanation }: CatalogEntry, linked: boolean): string {
  const heading = linked ? `<a href="${problemType(code)}">${code}</a>` : code;
  return `<section id="${code}"><h2>${heading}</h2><p>${status} ${escape(title)}</p><p>${escape(explanation)}</p></section>`;
}

function page(title: string, body: string): string {
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title></head><body><h1>${escape(title)}</h1>\n${body}\n<p><a href="/problems">All problem types</a> · <a href="/docs">API reference</a></p></body></html>\n`;
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
