package dev.convoy.backends.opencl;

import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

/** A device found by {@link DeviceDiscovery}: its description and the JOCL handles to open it with. */
record OpenClDevice(DeviceInfo info, cl_platform_id platformId, cl_device_id deviceId) {}
