// Package v1beta1 mirrors the template data structs Forklift passes to its name templates
// (pkg/apis/forklift/v1beta1/plan.go). The package name is kept so that Go's error messages
// name the same type the controller does, e.g. "*v1beta1.PVCNameTemplateData".
// Only field names and Go types matter here: the oracle decodes JSON by Go field name.
package v1beta1

// PVCNameTemplateData is the data of spec.pvcNameTemplate.
type PVCNameTemplateData struct {
	VmName             string
	TargetVmName       string
	PlanName           string
	DiskIndex          int
	VmId               string
	WinDriveLetter     string
	RootDiskIndex      int
	Shared             bool
	FileName           string
	SourcePVCName      string
	SourcePVCNamespace string
	VolumeID           string
	SnapshotID         string
	DiskId             string
}

// VolumeNameTemplateData is the data of spec.volumeNameTemplate.
type VolumeNameTemplateData struct {
	PVCName     string
	VolumeIndex int
}

// NetworkNameTemplateData is the data of spec.networkNameTemplate.
type NetworkNameTemplateData struct {
	NetworkName      string
	NetworkNamespace string
	NetworkType      string
	NetworkIndex     int
}
