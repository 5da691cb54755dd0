// Click-to-load videos: the placeholder is a link to the video's page; a click puts the
// player in its place instead, so the video host sees nothing until the reader asks.
document.addEventListener('click', function (e) {
  var a = e.target.closest && e.target.closest('.video-start');
  if (!a || e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey) return;
  var fig = a.closest('.video');
  var f = document.createElement('iframe');
  f.src = fig.dataset.embed;
  f.title = fig.dataset.title;
  f.allow = 'autoplay; fullscreen; picture-in-picture';
  f.allowFullscreen = true;
  f.width = 640;
  f.height = 360;
  e.preventDefault();
  a.replaceWith(f);
  f.focus();
});
