// Package provider is the only code in s3parts that talks to S3. It builds
// clients from the AWS shared configuration and a provider preset, runs the
// S3 operations the tool needs (each paged properly), classifies errors into
// model.OpError, and runs multipart copies with the copy engine.
//
// SDK types stop here: callers see model.Object, model.Upload, model.Part
// and model.Job.
package provider
