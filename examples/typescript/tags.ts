// Collects the distinct tags used by a list of articles, in order of first use.
//
// Slow on purpose: "have we seen this tag?" is answered with `distinct.includes(tag)`,
// a linear scan of an array inside the loop (the seed anti-pattern "Array.find/includes
// lookup in a loop"). Fix: keep a `Set<string>` beside the array and ask `seen.has(tag)`.
// Usage: node tags.js [ARTICLES]   (transpiled by Hotline; default 20000, about 1-2 s)

interface Article {
  readonly id: number;
  readonly title: string;
  readonly tags: readonly string[];
}

function makeArticles(count: number): Article[] {
  const articles: Article[] = [];
  for (let i = 0; i < count; i++) {
    const tags = [`topic-${i % 5000}`, `author-${(i * 31) % 3000}`, `year-${2000 + (i % 25)}`];
    articles.push({ id: i, title: `Article ${i}`, tags });
  }
  return articles;
}

function distinctTags(articles: readonly Article[]): string[] {
  const distinct: string[] = [];
  for (const article of articles) {
    for (const tag of article.tags) {
      if (!distinct.includes(tag)) distinct.push(tag); // HOT
    }
  }
  return distinct;
}

const count: number = Number(process.argv[2]) || 20000;
const tags: string[] = distinctTags(makeArticles(count));
console.log(`${count} articles, ${tags.length} distinct tags`);
