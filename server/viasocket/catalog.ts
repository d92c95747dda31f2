/**
 * A small DbDash catalog: the plugins and ids the seed document names (Google Sheets `rowqm5xi2` with auth
 * version `rowinjz4a5rt` and action List Sheet Rows `rowlpijbo5k1`, Slack `rowbu58rc`, YouTube `row40ifjqhqf`
 * with its three actions, viaSocket Table `rowe71n93`), with code templates that the executor really runs.
 */
export interface CatalogPlugin {
  rowid: string;
  name: string;
  domain: string;
  iconurl: string;
  description: string;
  preferedauthtype: string | null;
  preferedauthversion: string | null;
  istriggeravailable: boolean;
  isbuiltinplugin: boolean;
  whitelistDomains: string[];
}

export interface CatalogAction {
  rowid: string;
  name: string;
  pluginrecordid: string;
  pluginname: string;
  iconurl: string;
  description: string;
  category: string;
  type: 'action' | 'custom_action';
  status: 'published' | 'draft';
  authtype: string | null;
  authidlookup: string | null;
  sub_category: string;
  used_count: number;
  /** The code template (a function body over `context` and `inputData`). */
  code: string;
  fields: Array<{ key: string; label: string; type: 'string' | 'number' | 'boolean' | 'json'; required: boolean; help: string }>;
}

const icon = (domain: string) => `https://stuff.thingsofbrand.com/${domain}/images/img4_${domain.split('.')[0]}.png`;

export const PLUGINS: CatalogPlugin[] = [
  { rowid: 'rowqm5xi2', name: 'Google Sheets', domain: 'google.com', iconurl: 'https://stuff.thingsofbrand.com/google.com/images/img4_googlesheet.png', description: 'Read and write spreadsheet rows.', preferedauthtype: 'oauth2', preferedauthversion: 'rowinjz4a5rt', istriggeravailable: true, isbuiltinplugin: false, whitelistDomains: ['sheets.googleapis.com'] },
  { rowid: 'rowbu58rc', name: 'Slack', domain: 'slack.com', iconurl: icon('slack.com'), description: 'Send messages to channels.', preferedauthtype: 'oauth2', preferedauthversion: 'rowslk0auth1', istriggeravailable: true, isbuiltinplugin: false, whitelistDomains: ['slack.com'] },
  { rowid: 'row40ifjqhqf', name: 'YouTube', domain: 'youtube.com', iconurl: icon('youtube.com'), description: 'Upload and organise videos.', preferedauthtype: 'oauth2', preferedauthversion: null, istriggeravailable: false, isbuiltinplugin: false, whitelistDomains: ['www.googleapis.com'] },
  { rowid: 'rowe71n93', name: 'viaSocket Table', domain: 'viasocket.com', iconurl: icon('viasocket.com'), description: 'Rows in a built-in table.', preferedauthtype: null, preferedauthversion: null, istriggeravailable: false, isbuiltinplugin: true, whitelistDomains: [] },
];

function action(a: Omit<CatalogAction, 'iconurl' | 'pluginname' | 'type' | 'status' | 'authidlookup' | 'sub_category' | 'used_count' | 'category'> & Partial<CatalogAction>): CatalogAction {
  const plugin = PLUGINS.find((p) => p.rowid === a.pluginrecordid)!;
  return { iconurl: plugin.iconurl, pluginname: plugin.name, type: 'action', status: 'published', authidlookup: null, sub_category: 'general', used_count: 0, category: 'action', ...a };
}

export const ACTIONS: CatalogAction[] = [
  action({
    rowid: 'rowlpijbo5k1',
    name: 'List Sheet Rows',
    pluginrecordid: 'rowqm5xi2',
    description: 'Lists the rows of a sheet.',
    authtype: 'oauth2',
    code: "const rows = context.sheets?.[inputData.sheet] ?? [['id','name'],['1','Ada'],['2','Grace']];\nreturn { data: { rows: rows.slice(0, Number(inputData.limit ?? rows.length)) } };",
    fields: [
      { key: 'sheet', label: 'Sheet name', type: 'string', required: true, help: 'The tab to read.' },
      { key: 'limit', label: 'Row limit', type: 'number', required: false, help: 'At most this many rows.' },
    ],
  }),
  action({
    rowid: 'rowslk0send1',
    name: 'Send Message',
    pluginrecordid: 'rowbu58rc',
    description: 'Posts a message to a channel.',
    authtype: 'oauth2',
    code: "if (!inputData.channel) throw new Error('channel is required');\nreturn { data: { ok: true, channel: inputData.channel, text: String(inputData.text ?? '') } };",
    fields: [
      { key: 'channel', label: 'Channel', type: 'string', required: true, help: '#general' },
      { key: 'text', label: 'Message', type: 'string', required: true, help: 'The message text.' },
    ],
  }),
  action({ rowid: 'row80imzgdul', name: 'Upload Video', pluginrecordid: 'row40ifjqhqf', description: 'Uploads a video.', authtype: 'oauth2', code: "return { data: { videoId: 'vid_' + String(inputData.title ?? '').length } };", fields: [{ key: 'title', label: 'Title', type: 'string', required: true, help: '' }] }),
  action({ rowid: 'rowllex9dja4', name: 'Update Thumbnail', pluginrecordid: 'row40ifjqhqf', description: 'Sets a thumbnail.', authtype: 'oauth2', code: 'return { data: { videoId: inputData.videoId, updated: true } };', fields: [{ key: 'videoId', label: 'Video id', type: 'string', required: true, help: '' }] }),
  action({ rowid: 'row3dem94p5s', name: 'Add to Playlist', pluginrecordid: 'row40ifjqhqf', description: 'Adds a video to a playlist.', authtype: 'oauth2', code: 'return { data: { playlistId: inputData.playlistId, videoId: inputData.videoId } };', fields: [{ key: 'playlistId', label: 'Playlist', type: 'string', required: true, help: '' }, { key: 'videoId', label: 'Video id', type: 'string', required: true, help: '' }] }),
  action({ rowid: 'rowtbl0ins01', name: 'Insert Row', pluginrecordid: 'rowe71n93', description: 'Inserts a row into a table.', authtype: null, code: 'return { data: { inserted: 1, row: inputData.row ?? {} } };', fields: [{ key: 'row', label: 'Row', type: 'json', required: true, help: 'The row as JSON.' }] }),
];

/** Auths of the org: the seed's one known Google authorisation, and a Slack one that is no longer valid. */
export interface CatalogAuth {
  id: string;
  pluginId: string;
  authVersion: string;
  name: string;
  valid: boolean;
  reason?: string;
}

export const AUTHS: CatalogAuth[] = [
  { id: 'auth2HvM1Tij', pluginId: 'rowqm5xi2', authVersion: 'rowinjz4a5rt', name: 'Google account', valid: true },
  { id: 'authSl4ckOld', pluginId: 'rowbu58rc', authVersion: 'rowslk0auth1', name: 'Slack workspace', valid: false, reason: 'The refresh token was revoked by the provider.' },
];

/** `GET /dbdash/getpluginbyplugid/auth`: the auth configuration of a plugin version. */
export function authConfigOf(pluginId: string, authVersion: string): Record<string, unknown> | undefined {
  const plugin = PLUGINS.find((p) => p.rowid === pluginId);
  if (!plugin || plugin.preferedauthversion !== authVersion) return undefined;
  return { rowid: authVersion, pluginrecordid: pluginId, authtype: plugin.preferedauthtype, scopes: ['read', 'write'], name: `${plugin.name} OAuth` };
}
