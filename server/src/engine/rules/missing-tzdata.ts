import { imageFacts, rootImageName, runsAsContainer, shippedGoBuilds, shippedStage } from '../final-image.ts';
import { programFactsOf } from '../go-program.ts';
import type { DockerfileModel, GoCommand, Stage } from '../model/index.ts';
import { defineRule } from '../rule.ts';
import type { FixProposal, TextEdit } from '../types.ts';
import { goCommandSpan, rootImage } from './rule-helpers.ts';
import { appendToValueEdit, goflagsOf, goflagsValue, insertFlagEdit, lastFlag } from './rule-go-flags.ts';

/**
 * time.LoadLocation reads the zone database from /usr/share/zoneinfo (or $ZONEINFO). scratch, alpine
 * and busybox have none: the call fails with "unknown time zone", and a TZ variable silently falls
 * back to UTC. Building with -tags timetzdata (or importing time/tzdata) embeds the database (~450 KB).
 */
export default defineRule({
  meta: {
    id: 'missing-tzdata',
    description: 'The program loads time zones, and the shipped image has no zone database.',
    defaultSeverity: 'info',
    fixable: true,
    messages: {
      loadsZones:
        'This program loads time zones by name (time.LoadLocation), but {{image}} has no /usr/share/zoneinfo: the call fails with "unknown time zone". Build with -tags timetzdata to embed the zone database.',
      tzVariable:
        'TZ={{tz}} is set, but {{image}} has no /usr/share/zoneinfo: the program silently runs in UTC. Build with -tags timetzdata to embed the zone database.',
    },
  },
  check({ model, goFacts, report }) {
    const stage = shippedStage(model);
    if (!stage || !runsAsContainer(stage)) return;
    const facts = imageFacts(stage);
    if (facts.base.zoneinfo !== false || facts.addsZoneinfo || stage.envAtEnd.get('ZONEINFO')) return;
    const tz = stage.envAtEnd.get('TZ')?.value;
    const namedZone = tz !== undefined && tz !== '' && !/^:?(UTC|Etc\/UTC|GMT|UTC0|Universal|Zulu)$/i.test(tz) ? tz : undefined;
    const seen = new Set<GoCommand>();
    for (const { cmd, runtime } of shippedGoBuilds(model, goFacts)) {
      if (runtime !== stage || seen.has(cmd)) continue;
      seen.add(cmd);
      const timetzdata = hasTimetzdataTag(cmd);
      if (timetzdata === 'unknown' || timetzdata) continue;
      const program = programFactsOf(cmd, goFacts);
      if (program?.embedsTzdata) continue;
      const data = { image: describeImage(stage), tz: namedZone ?? '' };
      const messageId = program?.loadsTimezones === 'yes' ? 'loadsZones' : namedZone !== undefined && program?.loadsTimezones !== undefined ? 'tzVariable' : undefined;
      if (!messageId) continue;
      const fix = timetzdataFix(model, cmd);
      report({ messageId, data, ...goCommandSpan(cmd), ...(fix ? { fix } : {}) });
    }
  },
});

function describeImage(stage: Stage): string {
  return rootImageName(stage)?.repository === 'scratch' ? 'scratch' : rootImage(stage);
}

let lastTags: { text: string; timetzdata: boolean } | undefined;

/**
 * Whether the build tags in effect (command line, else GOFLAGS) hold timetzdata; 'unknown' when a
 * build argument decides. Read once per distinct value: a GOFLAGS -tags is shared by every build.
 */
function hasTimetzdataTag(cmd: GoCommand): boolean | 'unknown' {
  const value = buildTagsValue(cmd);
  if (value === 'unknown' || value === undefined) return value === 'unknown' ? 'unknown' : false;
  if (lastTags?.text !== value) lastTags = { text: value, timetzdata: value.split(/[,\s]+/).includes('timetzdata') };
  lastTags.text = value;
  return lastTags.timetzdata;
}

/** The -tags value in effect (command line, else GOFLAGS); undefined without one, 'unknown' when a build argument decides. */
function buildTagsValue(cmd: GoCommand): string | undefined | 'unknown' {
  const onCommand = lastFlag(cmd, 'tags');
  let value: string | true | undefined;
  if (onCommand) value = onCommand.value;
  else {
    const goflags = goflagsOf(cmd);
    if (goflags === 'unknown') return 'unknown';
    value = goflags === undefined ? undefined : goflagsValue(goflags, 'tags');
  }
  if (typeof value !== 'string') return undefined;
  if (value.includes('$')) return 'unknown';
  return value;
}

function timetzdataFix(model: DockerfileModel, cmd: GoCommand): FixProposal | undefined {
  const onCommand = lastFlag(cmd, 'tags');
  let edit: TextEdit | undefined;
  if (onCommand && typeof onCommand.value === 'string' && onCommand.value !== '') {
    // Tags are comma-separated; an old space-separated list (inside quotes) takes a space.
    edit = appendToValueEdit(model, cmd, onCommand, /\s/.test(onCommand.value) ? ' timetzdata' : ',timetzdata');
  } else if (!onCommand) {
    const goflags = goflagsOf(cmd);
    const inherited = typeof goflags === 'string' ? goflagsValue(goflags, 'tags') : undefined;
    // A command-line -tags replaces GOFLAGS' list: carry it over.
    edit = insertFlagEdit(model, cmd, 'tags', typeof inherited === 'string' && inherited !== '' ? `${inherited},timetzdata` : 'timetzdata');
  }
  return edit ? { title: 'Embed the zone database (-tags timetzdata)', edits: [edit] } : undefined;
}
