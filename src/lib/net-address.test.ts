import { describe, expect, it } from 'vitest';
import { hostOf, isPrivateHost, privateUrlsIn } from './net-address';

const judge = (url: string) => isPrivateHost(hostOf(url)!);

describe('private addresses', () => {
  it.each([
    'http://127.0.0.1:8080/x',
    'http://127.1.2.3/',
    'http://localhost/',
    'http://LOCALHOST./',
    'http://api.localhost/',
    'http://10.0.0.5/',
    'http://172.16.0.1/',
    'http://172.31.255.255/',
    'http://192.168.1.1/',
    'http://169.254.169.254/latest/meta-data',
    'http://0.0.0.0:3000/',
    'http://[::1]:8080/',
    'http://[::ffff:127.0.0.1]/',
    'http://[fc00::1]/',
    'http://[fd12:3456::1]/',
    'http://[fe80::1]/',
    'http://0x7f.1/',
    'http://2130706433/',
  ])('%s is private', (url) => expect(judge(url)).toBe(true));

  it.each(['https://example.com/', 'http://172.32.0.1/', 'http://172.15.0.1/', 'http://8.8.8.8/', 'http://[2001:db8::1]/', 'http://192.169.0.1/', 'http://localhost.example.com/'])(
    '%s is public',
    (url) => expect(judge(url)).toBe(false),
  );

  it('finds private URLs in text, not ones whose host is a reference', () => {
    expect(privateUrlsIn('GET http://127.0.0.1:9000/reset and https://example.com then {{inputs.base}}/x')).toEqual(['http://127.0.0.1:9000/reset']);
    expect(privateUrlsIn('http://{{inputs.host}}/x')).toEqual([]);
    expect(privateUrlsIn('http://localhost:5000/{{steps.a.id}}')).toEqual(['http://localhost:5000/{{steps.a.id}}']);
  });
});
