// Backprop Lab service worker: second visits load from the browser's cache.
// build.py fills in the build id (a new build gets a new cache) and the list
// of the site's files, cached once the app has started the first time.
const CACHE = 'backprop-lab-__BUILD_ID__'
const FILES = __FILES__

self.addEventListener('install', (event) => {
  self.skipWaiting()
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE)
    // The first visit already fetched these: most come from the HTTP cache.
    await Promise.all(FILES.map(async (url) => {
      if (!(await cache.match(url))) {
        const response = await fetch(url)
        if (response.ok) await cache.put(url, response)
      }
    }))
  })())
})

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith('backprop-lab-') && name !== CACHE) await caches.delete(name)
    }
    await self.clients.claim()
  })())
})

self.addEventListener('fetch', (event) => {
  const request = event.request
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return
  event.respondWith((async () => {
    const cache = await caches.open(CACHE)
    const cached = await cache.match(request, {ignoreSearch: true})
    if (cached) return cached
    const response = await fetch(request)
    if (response.ok) cache.put(request, response.clone())
    return response
  })())
})
