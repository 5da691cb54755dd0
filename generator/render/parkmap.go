package render

import (
	"github.com/pseb/sitegen/generator/content"
	"github.com/pseb/sitegen/generator/geo"
	"github.com/pseb/sitegen/generator/permalink"
)

// parkMap draws every park with a location; current, when not nil, is marked as the
// page's own.
func (r *Renderer) parkMap(current *content.Park) *geo.MapView {
	return r.parkMapOf(r.site.Parks, current)
}

// parkMapOf draws parks, in their order, on the theme's map; nil when the theme has no
// outline or no park has a location.
func (r *Renderer) parkMapOf(parks []*content.Park, current *content.Park) *geo.MapView {
	if r.theme.Map == nil {
		return nil
	}
	var places []geo.Place
	for _, p := range parks {
		if p.Location != nil {
			places = append(places, geo.Place{Name: p.Name, URL: r.theme.URL(permalink.Park(p)), Status: p.Status,
				StatusLabel: r.str("status_" + p.Status), Label: p.City.Name, Lat: p.Location.Lat, Lng: p.Location.Lng, Current: p == current})
		}
	}
	legend := make([]geo.LegendItem, len(content.ParkStatuses))
	for i, st := range content.ParkStatuses {
		legend[i] = geo.LegendItem{Status: st, Label: r.str("status_" + st)}
	}
	return r.theme.Map.Draw(places, legend)
}
