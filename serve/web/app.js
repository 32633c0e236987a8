// Placeholder: the web page (branch web) replaces this file.
document.getElementById('search').addEventListener('submit', async (e) => {
  e.preventDefault();
  const q = document.getElementById('q').value;
  const r = await fetch('/api/lookup?q=' + encodeURIComponent(q));
  document.getElementById('out').textContent = JSON.stringify(await r.json(), null, 2);
});
