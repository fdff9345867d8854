package ui

import (
	"fmt"

	tea "charm.land/bubbletea/v2"

	"s3parts/jobs"
	"s3parts/model"
	"s3parts/pricing"
	"s3parts/probes"
	"s3parts/provider"
	"s3parts/ui/common"
	"s3parts/ui/pages/buckets"
	"s3parts/ui/pages/capabilities"
	"s3parts/ui/pages/details"
	jobspage "s3parts/ui/pages/jobs"
	"s3parts/ui/pages/objects"
	"s3parts/ui/pages/parts"
	"s3parts/ui/pages/planner"
	"s3parts/ui/pages/uploads"
	"s3parts/ui/pages/versions"
	"s3parts/ui/pages/workbench"
	"s3parts/ui/route"
)

// The router is the one place that builds pages: every route a page can
// ask for, and what each page is given — the client and the job service
// behind the small interface the page declares. The navigation graph is
// this file.

type router struct {
	env    *common.Env
	client *provider.Client
	jobs   *jobs.Service
}

// page builds the page for to, and the line to show with it, if any.
func (r *router) page(to route.Route) (common.Page, tea.Cmd) {
	e, c, j := r.env, r.client, r.jobs
	switch to := to.(type) {
	case route.Buckets:
		return buckets.New(e, c), nil
	case route.Objects:
		return objects.New(e, c, to.Bucket, to.Prefix), nil
	case route.Versions:
		return versions.New(e, c, to), nil
	case route.Details:
		return details.New(e, c, to.Ref), nil
	case route.Uploads:
		return uploads.New(e, c, j, to.Bucket, to.Prefix), nil
	case route.Parts:
		return parts.New(e, c, j, to.Upload, c.Preset().Limits.MinPartSize), nil
	case route.Planner:
		return planner.New(e, c, j, planner.Options{Source: to.Source, Dest: to.Dest, Preset: c.Preset(), Rules: c.RulesSource()}), nil
	case route.Continue:
		return r.continueUpload(to.Upload)
	case route.Jobs:
		return jobspage.New(e, j, to.Select), nil
	case route.JobDetail:
		return jobspage.NewDetail(e, j, to.Job, to.Part), nil
	case route.Workbench:
		return workbench.New(e, c, j, workbench.Options{Prices: loadPrices}), nil
	case route.Capabilities:
		return capabilities.New(e, c, capabilities.Options{Bucket: to.Bucket, Prefix: to.Prefix, Save: saveProbe}), nil
	}
	panic(fmt.Sprintf("ui: no page for route %T", to)) // a route added without a page: a bug
}

// continueUpload goes on with an upload: through its job when an s3parts
// job owns it (two jobs must never copy into one upload), else in the
// planner, with the source a job once recorded for it, if any.
func (r *router) continueUpload(u model.Upload) (common.Page, tea.Cmd) {
	e, c, j := r.env, r.client, r.jobs
	if owner, ok := j.OwnerOf(u.UploadID); ok && !owner.Settled() {
		return jobspage.New(e, j, owner.ID), common.JobStatus(owner.ID, fmt.Sprintf("upload %s belongs to job %s: %s goes on with it",
			common.Short(u.UploadID), owner.ID, common.KeyOf(e.Keys.Jobs.RetryFailed)))
	}
	o := planner.Options{Upload: &u, Preset: c.Preset(), Rules: c.RulesSource()}
	if rec, ok := j.RecordOf(u.UploadID); ok {
		o.SourceText = rec.Plan.Source.String()
		return planner.New(e, c, j, o), common.Status(fmt.Sprintf("the source is the one job %s (%s) recorded for this upload", rec.ID, rec.State))
	}
	return planner.New(e, c, j, o), nil
}

// saveProbe keeps a probe's report in the state directory, where every
// later run against the endpoint finds it.
func saveProbe(r provider.ProbeReport) error {
	store, err := probes.Open()
	if err != nil {
		return err
	}
	return store.Save(r)
}

// loadPrices reads the prices a person set (prices.json), over the
// built-in list prices.
func loadPrices() (pricing.Table, error) {
	path, err := pricing.DefaultPath()
	if err != nil {
		return pricing.Table{}, err
	}
	return pricing.Load(path)
}
