import type { ModuleCategory } from '../../../model/modules';

const CATEGORIES: ModuleCategory[] = [
  { id: 'trigger', name: { text: '触发器', en: 'Triggers' }, description: { text: '启动流程', en: 'Start a flow' }, icon: 'play', order: 0 },
  { id: 'logic', name: { text: '逻辑', en: 'Logic' }, description: { text: '条件与循环', en: 'Conditions and loops' }, icon: 'git-branch', order: 1 },
  { id: 'code', name: { text: '代码', en: 'Code' }, description: { text: '在沙箱中运行 JavaScript', en: 'Run JavaScript in a sandbox' }, icon: 'code', order: 2 },
  { id: 'network', name: { text: '网络', en: 'Network' }, description: { text: 'HTTP 请求', en: 'HTTP requests' }, icon: 'globe', order: 3 },
  { id: 'data', name: { text: '数据', en: 'Data' }, description: { text: '变量、JSON 与文本', en: 'Variables, JSON and text' }, icon: 'braces', order: 4 },
  { id: 'system', name: { text: '系统', en: 'System' }, description: { text: '延迟、日志与输出', en: 'Delay, logging and output' }, icon: 'settings', order: 5 },
];

export function builtinCategories(): ModuleCategory[] {
  return CATEGORIES.map((c) => ({ ...c }));
}
