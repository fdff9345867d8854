// Package ui is s3parts' terminal front end (Bubble Tea v2).
package ui
