/**
 * Rubric globs ("**\/*baseline*search*.csv", "train.py") as regexes over
 * '/'-separated relative paths: ** spans folders, * and ? stay inside one name.
 */
export function globToRegex(glob: string, flags = ''): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    if (ch === '*' && glob[i + 1] === '*') {
      const slash = glob[i + 2] === '/';
      re += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (ch === '*') re += '[^/]*';
    else if (ch === '?') re += '[^/]';
    else re += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, flags);
}

export function matchGlob(files: readonly string[], glob: string): string[] {
  const re = globToRegex(glob);
  return files.filter((f) => re.test(f));
}

/** Files that would match if letter case were ignored: the likely misnamed file to point at. */
export function matchGlobIgnoringCase(files: readonly string[], glob: string): string[] {
  const re = globToRegex(glob, 'i');
  return files.filter((f) => re.test(f));
}

/**
 * Files a required-file rule matches. An exact path is case-sensitive, since the
 * grader runs `python train.py` on Linux; a wildcard pattern only finds results
 * files by name, so there letter case does not matter.
 */
export function matchRequired(files: readonly string[], glob: string): string[] {
  return /[*?]/.test(glob) ? matchGlobIgnoringCase(files, glob) : matchGlob(files, glob);
}
